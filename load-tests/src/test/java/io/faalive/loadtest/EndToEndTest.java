package io.faalive.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.faalive.job.FaaJobMain;
import io.faalive.job.config.DecodeOptions;
import io.faalive.job.config.KafkaOptions;
import io.faalive.job.config.TopicOptions;
import io.faalive.loadtest.kafka.EmbeddedKafka;
import io.faalive.loadtest.kafka.Topics;
import io.faalive.loadtest.media.EncodedChunk;
import io.faalive.loadtest.media.MediaChunker;
import io.faalive.loadtest.scenario.TimelineAgreement;
import io.faalive.schemas.AvroCodec;
import io.faalive.schemas.ChunkSummary;
import io.faalive.schemas.DeadLetter;
import io.faalive.schemas.Enrollment;
import io.faalive.schemas.MediaChunk;
import io.faalive.schemas.PerceptionWindow;
import io.faalive.schemas.SpeakerEvent;
import io.faalive.schemas.SpeakerState;
import io.faalive.schemas.TrackObservation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole path on real parts: an in-process KRaft broker, a Flink MiniCluster running the
 * Kafka-wired job, chunks of real clips plus injected bad records. Every good chunk must give
 * exactly one summary and every bad record exactly one dead letter with its original bytes;
 * perception must report the interview's two people as two stable face tracks with face and
 * voice vectors.
 */
class EndToEndTest {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void everyGoodChunkGivesOneSummaryAndEveryBadRecordOneDeadLetter() throws Exception {
        List<EncodedChunk> grid = MediaChunker.chunkFile(FixtureMedia.require("grid/lbax4n.mpg"), 1000);
        List<EncodedChunk> interview = MediaChunker.chunkFile(
                FixtureMedia.require("multi_speaker/visualvoice_interview.mp4"), 1000);

        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(KafkaOptions.STARTING_OFFSETS, KafkaOptions.StartingOffsets.EARLIEST);
        conf.set(TopicOptions.TOPIC_PARTITIONS, 2);
        Topics.ensure(kafka.bootstrapServers(), conf);

        Map<String, String> expectedDeadLetters = new HashMap<>();
        // garbage larger than the job's producer request (8 MB) and its chunk limit (7 MB), sent first:
        // its dead letter must keep a prefix and say so, and nothing after it may be lost
        byte[] huge = new byte[12 * 1024 * 1024];
        new java.util.Random(7).nextBytes(huge);
        long maxChunk = conf.get(DecodeOptions.MAX_CHUNK_SIZE).getBytes();
        try (StreamPublisher publisher = new StreamPublisher(kafka.bootstrapServers(), conf.get(TopicOptions.TOPIC_CHUNKS))) {
            publisher.send("huge", huge);
            publisher.run(new StreamPublisher.Plan(grid, 1, 0, 1, "grid-"));
            publisher.run(new StreamPublisher.Plan(interview, 1, 0, 1, "interview-"));
            for (Map.Entry<byte[], String> bad : badRecords(interview.get(3)).entrySet()) {
                publisher.send("bad", bad.getKey());
                expectedDeadLetters.put(Arrays.toString(bad.getKey()), bad.getValue());
            }
            publisher.flush();
            assertThat(publisher.failed()).isZero();
        }
        // the gallery topic: records that enroll nobody are dead-lettered too, and the job goes on
        Map<String, String> sourceTopic = new HashMap<>();
        String enrollmentTopic = conf.get(TopicOptions.TOPIC_ENROLLMENTS);
        try (StreamPublisher publisher = new StreamPublisher(kafka.bootstrapServers(), enrollmentTopic)) {
            byte[] garbage = "not an enrollment".getBytes(StandardCharsets.UTF_8);
            byte[] otherEncoder = AvroCodec.of(Enrollment.class).encode(Enrollment.newBuilder().setPersonId("ann").setDisplayName("Ann")
                    .setFaceVector(List.of(1f, 0f, 0f)).setFaceEncoderId("some-other-model-3").setEnrolledAtMs(0).build());
            for (Map.Entry<byte[], String> bad : Map.of(garbage, "MALFORMED_RECORD", otherEncoder, "INVALID_ENROLLMENT").entrySet()) {
                publisher.send(bad.getKey() == garbage ? "ghost" : "ann", bad.getKey());
                expectedDeadLetters.put(Arrays.toString(bad.getKey()), bad.getValue());
                sourceTopic.put(Arrays.toString(bad.getKey()), enrollmentTopic);
            }
            publisher.flush();
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, new Configuration(conf));
        FaaJobMain.buildKafkaJob(env, conf);
        JobClient job = env.executeAsync("faa-live e2e");
        List<ChunkSummary> summaries = new ArrayList<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        List<PerceptionWindow> windows = new ArrayList<>();
        List<SpeakerEvent> speakers = new ArrayList<>();
        try {
            int good = grid.size() + interview.size();
            collect(conf, summaries, windows, speakers, deadLetters, good, expectedDeadLetters.size() + 1, Duration.ofMinutes(4));
            assertThat(job.getJobStatus().get()).as("the job survives every bad record").isEqualTo(org.apache.flink.api.common.JobStatus.RUNNING);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }

        List<String> keys = summaries.stream().map(s -> s.getStreamId() + "#" + s.getSeq()).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < grid.size(); i++) {
            expected.add("grid-0#" + i);
        }
        for (int i = 0; i < interview.size(); i++) {
            expected.add("interview-0#" + i);
        }
        assertThat(keys).as("one summary per good chunk, none lost, none duplicated").containsExactlyInAnyOrderElementsOf(expected);
        double interviewAudio = summaries.stream().filter(s -> s.getStreamId().startsWith("interview"))
                .mapToDouble(s -> s.getAudioSamples() / (double) s.getAudioSampleRate()).sum();
        assertThat(interviewAudio).as("audio seconds across the interview's chunks").isBetween(17.2, 17.8);
        assertThat(summaries).allSatisfy(s -> assertThat(s.getVideoFrames()).isBetween(1, 6));

        assertThat(deadLetters).hasSize(expectedDeadLetters.size() + 1);
        for (DeadLetter d : deadLetters) {
            byte[] original = new byte[d.getOriginalBytes().remaining()];
            d.getOriginalBytes().duplicate().get(original);
            if (original.length == maxChunk) {
                assertThat(Arrays.equals(original, Arrays.copyOf(huge, (int) maxChunk))).as("the huge record's prefix").isTrue();
                assertThat(d.getErrorClass()).isEqualTo("MALFORMED_RECORD");
                assertThat(d.getReason()).contains("original truncated: " + huge.length + " bytes, the first " + maxChunk + " kept");
                continue;
            }
            assertThat(expectedDeadLetters).as("dead letter carries the original bytes of a bad record")
                    .containsKey(Arrays.toString(original));
            assertThat(d.getErrorClass()).isEqualTo(expectedDeadLetters.get(Arrays.toString(original)));
            assertThat(d.getSourceTopic()).isEqualTo(sourceTopic.getOrDefault(Arrays.toString(original), "media.chunks"));
            assertThat(d.getReason()).isNotBlank();
        }
        assertPerception(windows);
        assertSpeakers(speakers);
        assertLiveAgreesWithAnalyze(speakers);
    }

    /** The live job (Kafka in, Kafka out, two streams at once) says what {@code analyze} says of the same file. */
    private static void assertLiveAgreesWithAnalyze(List<SpeakerEvent> speakers) throws Exception {
        List<SpeakerEvent> live = speakers.stream().filter(e -> e.getStreamId().toString().startsWith("interview")).toList();
        long origin = live.stream().mapToLong(SpeakerEvent::getStartTsMs).min().orElseThrow();
        Path analyzed = Files.createTempFile("e2e-analyze", ".jsonl");
        try {
            AnalyzeCommand.analyze(FixtureMedia.require("multi_speaker/visualvoice_interview.mp4"), analyzed, new Configuration(), 1, false);
            TimelineAgreement.Result r = TimelineAgreement.of(TimelineAgreement.fromEvents(live, origin),
                    TimelineAgreement.fromJsonLines(analyzed));
            System.out.printf(java.util.Locale.ROOT, "live vs analyze: %.1f%% of %.1f s%n", 100 * r.agreement(), r.comparedMs() / 1000.0);
            assertThat(r.comparedMs()).as("media time both runs cover").isGreaterThan(15_000);
            assertThat(r.agreement()).as("share of that time with the same state, face and session speaker").isGreaterThanOrEqualTo(0.98);
        } finally {
            Files.deleteIfExists(analyzed);
        }
    }

    /**
     * The interview's speaker events, read back from Kafka: a tiled timeline that follows the
     * speech (SOURCES.md: speech 0.1-10.8 s and 11.1-17.2 s, the right-hand person talks most of
     * the time, with overlap) and puts the speaker on the right-hand face for most of it.
     */
    private static void assertSpeakers(List<SpeakerEvent> events) {
        List<SpeakerEvent> interview = events.stream().filter(e -> e.getStreamId().toString().startsWith("interview"))
                .sorted(java.util.Comparator.comparing(SpeakerEvent::getStartTsMs)).toList();
        assertThat(interview).isNotEmpty();
        for (int i = 1; i < interview.size(); i++) {
            assertThat(interview.get(i).getStartTsMs()).as("spans tile the timeline once").isEqualTo(interview.get(i - 1).getEndTsMs());
        }
        assertThat(interview.stream().map(e -> e.getEventId().toString()).distinct().count()).isEqualTo(interview.size());
        long origin = interview.get(0).getStartTsMs();
        long speechMs = 0;
        long speakingMs = 0;
        long rightFaceMs = 0;
        for (SpeakerEvent e : interview) {
            long inSpeech = overlap(e, origin, 100, 10_800) + overlap(e, origin, 11_100, 17_200);
            if (e.getState() != SpeakerState.SILENCE) {
                speechMs += inSpeech;
            }
            if (e.getState() == SpeakerState.SPEAKING) {
                speakingMs += inSpeech;
                rightFaceMs += e.getBox().getX() + e.getBox().getWidth() / 2 > 0.5 ? inSpeech : 0;
            }
        }
        assertThat(speechMs).as("speech time (ms) the events call speech, of 16.8 s").isGreaterThan(14_000);
        assertThat(speakingMs).as("of it shown on a face").isGreaterThan(speechMs * 8 / 10);
        assertThat(rightFaceMs).as("of that on the right-hand face").isGreaterThan(speakingMs / 2);
        assertThat(interview.stream().filter(e -> e.getSessionSpeakerId() != null).map(e -> e.getSessionSpeakerId().toString())
                .distinct().count()).as("two voices, at most three session speakers").isBetween(1L, 3L);
    }

    private static long overlap(SpeakerEvent e, long originMs, long fromMs, long toMs) {
        return Math.max(0, Math.min(e.getEndTsMs() - originMs, toMs) - Math.max(e.getStartTsMs() - originMs, fromMs));
    }

    private static void assertPerception(List<PerceptionWindow> windows) {
        List<PerceptionWindow> interview = windows.stream().filter(w -> w.getStreamId().startsWith("interview")).toList();
        List<PerceptionWindow> grid = windows.stream().filter(w -> w.getStreamId().startsWith("grid")).toList();
        // 17.5 s of audio, 1.5 s windows every 0.5 s
        assertThat(interview.size()).as("interview windows").isBetween(28, 33);
        assertThat(interview.stream().map(PerceptionWindow::getWindowStartTsMs).distinct().count())
                .as("one record per window").isEqualTo(interview.size());
        long twoFaces = interview.stream().filter(w -> w.getTracks().size() == 2).count();
        assertThat(twoFaces).as("windows showing both people of the split-screen interview").isGreaterThanOrEqualTo(interview.size() * 8 / 10);
        long trackIds = interview.stream().flatMap(w -> w.getTracks().stream()).map(TrackObservation::getTrackId).distinct().count();
        assertThat(trackIds).as("stable track ids: two people, few re-starts").isBetween(2L, 4L);
        assertThat(interview.stream().filter(PerceptionWindow::getSpeech).count()).as("speech windows").isGreaterThanOrEqualTo(interview.size() / 2);
        assertThat(interview).filteredOn(PerceptionWindow::getSpeech)
                .allSatisfy(w -> {
                    assertThat(w.getVoiceEmbedding()).hasSize(128);
                    assertThat(w.getVoiceEmbedder()).isEqualTo("xvector-128");
                });
        assertThat(interview.stream().flatMap(w -> w.getTracks().stream()))
                .allSatisfy(t -> {
                    assertThat(t.getX() + t.getWidth()).isLessThanOrEqualTo(1.0001f);
                    assertThat(t.getY() + t.getHeight()).isLessThanOrEqualTo(1.0001f);
                })
                .anySatisfy(t -> assertThat(t.getFaceEmbedding()).hasSize(512))
                .anySatisfy(t -> assertThat(t.getSyncScore()).isNotNull());
        assertThat(grid).as("GRID clip: one speaker facing the camera").isNotEmpty()
                .allSatisfy(w -> assertThat(w.getTracks()).hasSizeLessThanOrEqualTo(1));
    }

    /** Bad records and the error class each must be dead-lettered with. */
    private static Map<byte[], String> badRecords(EncodedChunk goodChunk) throws Exception {
        AvroCodec<MediaChunk> codec = AvroCodec.of(MediaChunk.class);
        Map<byte[], String> bad = new HashMap<>();
        bad.put("not avro at all".getBytes(StandardCharsets.UTF_8), "MALFORMED_RECORD");
        bad.put(foreignFingerprint(), "UNKNOWN_SCHEMA");
        byte[] truncated = Arrays.copyOf(goodChunk.payload(), goodChunk.payload().length / 3);
        bad.put(codec.encode(chunk("cut", truncated, goodChunk.durationMs())), "TRUNCATED_MEDIA");
        byte[] noise = new byte[40_000];
        new Random(11).nextBytes(noise);
        bad.put(codec.encode(chunk("noise", noise, 1000)), "UNDECODABLE_MEDIA");
        bad.put(codec.encode(chunk("zero", goodChunk.payload(), 0)), "INVALID_CHUNK");
        return bad;
    }

    private static MediaChunk chunk(String stream, byte[] payload, int durationMs) {
        return MediaChunk.newBuilder().setStreamId(stream).setSeq(0).setStartTsMs(System.currentTimeMillis())
                .setDurationMs(durationMs).setContainer("mpegts").setPayload(ByteBuffer.wrap(payload))
                .setProducerTimeMs(System.currentTimeMillis()).build();
    }

    private static byte[] foreignFingerprint() throws Exception {
        Schema schema = SchemaBuilder.record("MediaChunk").namespace("io.faalive.schemas").fields()
                .requiredString("streamId").requiredBytes("payload").endRecord();
        GenericRecord r = new GenericData.Record(schema);
        r.put("streamId", "s");
        r.put("payload", ByteBuffer.wrap(new byte[] {1, 2}));
        return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(r).array();
    }

    /** Reads both output topics until the expected counts arrive, then a little longer to catch duplicates. */
    private static void collect(Configuration conf, List<ChunkSummary> summaries, List<PerceptionWindow> windows,
            List<SpeakerEvent> speakers,
            List<DeadLetter> deadLetters, int summaryCount, int deadLetterCount, Duration timeout) throws Exception {
        AvroCodec<ChunkSummary> summaryCodec = AvroCodec.of(ChunkSummary.class);
        AvroCodec<PerceptionWindow> windowCodec = AvroCodec.of(PerceptionWindow.class);
        String perceptionTopic = conf.get(TopicOptions.TOPIC_PERCEPTION);
        AvroCodec<DeadLetter> deadLetterCodec = AvroCodec.of(DeadLetter.class);
        Properties props = new Properties();
        props.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, conf.get(KafkaOptions.BOOTSTRAP_SERVERS));
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "e2e-reader");
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.setProperty(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(Topics.MAX_MESSAGE_BYTES));
        String summaryTopic = conf.get(TopicOptions.TOPIC_SUMMARIES);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            String speakerTopic = conf.get(TopicOptions.TOPIC_SPEAKER_EVENTS);
            AvroCodec<SpeakerEvent> speakerCodec = AvroCodec.of(SpeakerEvent.class);
            consumer.subscribe(List.of(summaryTopic, perceptionTopic, speakerTopic, conf.get(TopicOptions.TOPIC_DEAD_LETTER)));
            long deadline = System.nanoTime() + timeout.toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.topic().equals(summaryTopic)) {
                        summaries.add(summaryCodec.decode(r.value()));
                    } else if (r.topic().equals(perceptionTopic)) {
                        windows.add(windowCodec.decode(r.value()));
                    } else if (r.topic().equals(speakerTopic)) {
                        try {
                            speakers.add(speakerCodec.decode(r.value()));
                        } catch (io.faalive.schemas.RecordDecodeException bindingNotSpeakerEvent) {
                            // AssociationEvents share the topic
                        }
                    } else {
                        deadLetters.add(deadLetterCodec.decode(r.value()));
                    }
                }
                if (quietUntil == Long.MAX_VALUE && summaries.size() >= summaryCount && deadLetters.size() >= deadLetterCount) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                }
            }
        }
    }
}

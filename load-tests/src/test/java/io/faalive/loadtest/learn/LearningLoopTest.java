package io.faalive.loadtest.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.faalive.job.FaaJobMain;
import io.faalive.job.config.KafkaOptions;
import io.faalive.job.config.PerceptionSettings;
import io.faalive.job.config.TopicOptions;
import io.faalive.lab.cli.TrainCommand;
import io.faalive.loadtest.AnalyzeCommand;
import io.faalive.loadtest.FixtureMedia;
import io.faalive.loadtest.StreamPublisher;
import io.faalive.loadtest.cli.FaaCli;
import io.faalive.loadtest.kafka.EmbeddedKafka;
import io.faalive.loadtest.kafka.SpeakerTopic;
import io.faalive.loadtest.kafka.Topics;
import io.faalive.loadtest.media.EncodedChunk;
import io.faalive.loadtest.media.MediaChunker;
import io.faalive.loadtest.scenario.ScenarioCommand;
import io.faalive.schemas.AvroCodec;
import io.faalive.schemas.DeadLetter;
import io.faalive.schemas.SpeakerEvent;
import io.faalive.serving.faa.ModelArtifact;
import io.faalive.serving.faa.ModelInfo;
import io.faalive.serving.perception.PerceptionConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learning loop end to end: the job's pipeline harvests single-speaker samples from composed
 * meetings, {@code bin/faa train --samples} trains an FAA model on them without labels, and
 * {@code bin/faa model-update} hot-swaps it into a live job (Kafka in and out) that is streaming
 * another meeting in real time: the events switch to the new version within 10 s, none is lost or
 * repeated at the seam, and an update with a wrong checksum is dead-lettered while the job goes on.
 */
class LearningLoopTest {

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void harvestTrainAndHotSwapIntoARunningJob(@TempDir Path dir) throws Exception {
        Path interview = FixtureMedia.require("multi_speaker/visualvoice_interview.mp4");
        StringWriter err = new StringWriter();
        assertThat(ScenarioCommand.run(new String[] {"--out", dir.toString(), "--only", "grid4", "--only", "free4-listener"},
                new PrintWriter(err, true))).as(err.toString()).isZero();
        List<String> samples = new ArrayList<>();
        for (String meeting : List.of("grid4", "free4-listener")) {
            Path file = dir.resolve(meeting + ".samples.jsonl");
            AnalyzeCommand.analyze(dir.resolve(meeting + ".mp4"), 1000, dir.resolve(meeting + ".jsonl"), new Configuration(), 1, false, file);
            samples.add(file.toString());
        }
        long harvested = samples.stream().mapToLong(f -> lines(Path.of(f))).sum();
        assertThat(harvested).as("single-speaker samples harvested from two meetings").isGreaterThanOrEqualTo(6);

        Path model = dir.resolve("model");
        assertThat(TrainCommand.exitCode(new String[] {"--samples", String.join(",", samples), "--seed", "1", "--fuse-epochs", "0",
                "--out", model.toString()})).isZero();
        ModelInfo info = ModelArtifact.readInfo(model);
        PerceptionConfig encoders = PerceptionSettings.from(new Configuration());
        assertThat(info.faceEncoderId).as("trained on the job's own face vectors").isEqualTo(encoders.faceEmbedderName());
        assertThat(info.voiceEncoderId).isEqualTo(encoders.voiceEmbedderName());

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Configuration conf = new Configuration();
            conf.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            conf.set(KafkaOptions.STARTING_OFFSETS, KafkaOptions.StartingOffsets.EARLIEST);
            Topics.ensure(kafka.bootstrapServers(), conf);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration(conf));
            FaaJobMain.buildKafkaJob(env, conf);
            JobClient job = env.executeAsync("faa-live learning loop");
            List<EncodedChunk> chunks = MediaChunker.chunkFile(interview, 1000);
            Thread stream = new Thread(() -> publish(kafka.bootstrapServers(), conf, chunks), "interview");
            List<SpeakerEvent> events = new ArrayList<>();
            List<DeadLetter> deadLetters = new ArrayList<>();
            long[] updatedAt = new long[1];
            try {
                stream.start();
                collect(conf, events, deadLetters, updatedAt, model);
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
                stream.join(30_000);
            }
            String newVersion = "voice-sync-2+faa:harvested-1";
            List<SpeakerEvent> sorted = events.stream().sorted(Comparator.comparingLong(SpeakerEvent::getStartTsMs)).toList();
            assertThat(sorted.get(0).getModelVersion().toString()).as("before the update").isEqualTo("voice-sync-2");
            SpeakerEvent first = sorted.stream().filter(e -> e.getModelVersion().toString().equals(newVersion)).findFirst()
                    .orElseThrow(() -> new AssertionError("no event carries the new model version; versions: "
                            + sorted.stream().map(e -> e.getModelVersion().toString()).distinct().toList()));
            System.out.printf("learning loop: %d samples harvested, model %s trained, first event of it %d ms after the update record%n",
                    harvested, info.version, first.getEmitTimeMs() - updatedAt[0]);
            assertThat(first.getEmitTimeMs() - updatedAt[0]).as("ms from the update record to the first event of the new model")
                    .isLessThanOrEqualTo(10_000);
            assertThat(sorted.subList(sorted.indexOf(first), sorted.size())).as("after the switch, every event is the new model's")
                    .allSatisfy(e -> assertThat(e.getModelVersion().toString()).isEqualTo(newVersion));
            for (int i = 1; i < sorted.size(); i++) {
                assertThat(sorted.get(i).getStartTsMs()).as("events tile the timeline across the swap: no gap, no overlap, no repeat")
                        .isEqualTo(sorted.get(i - 1).getEndTsMs());
            }
            assertThat(deadLetters).as("the update with a wrong checksum").singleElement().satisfies(d -> {
                assertThat(d.getErrorClass().toString()).isEqualTo("MODEL_REFUSED");
                assertThat(d.getReason().toString()).contains("checksum mismatch");
            });
        }
    }

    private static void publish(String bootstrap, Configuration conf, List<EncodedChunk> chunks) {
        try (StreamPublisher publisher = new StreamPublisher(bootstrap, conf.get(TopicOptions.TOPIC_CHUNKS))) {
            publisher.run(new StreamPublisher.Plan(chunks, 1, 1.0, 1, "interview-"));
            publisher.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reads speaker events and dead letters until the stream's events stop coming; once the first
     * events are out, sends an update with a wrong checksum, then the trained model.
     */
    private static void collect(Configuration conf, List<SpeakerEvent> events, List<DeadLetter> deadLetters, long[] updatedAt, Path model)
            throws Exception {
        Properties props = new Properties();
        props.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, conf.get(KafkaOptions.BOOTSTRAP_SERVERS));
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "learning-loop-reader");
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        SpeakerTopic speakerTopic = new SpeakerTopic();
        AvroCodec<DeadLetter> letters = AvroCodec.of(DeadLetter.class);
        String speakers = conf.get(TopicOptions.TOPIC_SPEAKER_EVENTS);
        String bootstrap = "--faa.kafka.bootstrap-servers=" + conf.get(KafkaOptions.BOOTSTRAP_SERVERS);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(speakers, conf.get(TopicOptions.TOPIC_DEAD_LETTER)));
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            long lastEvent = System.nanoTime();
            while (System.nanoTime() < deadline && (events.size() < 4 || System.nanoTime() - lastEvent < Duration.ofSeconds(8).toNanos())) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    if (!r.topic().equals(speakers)) {
                        deadLetters.add(letters.decode(r.value()));
                    } else if (speakerTopic.decode(r.value()) instanceof SpeakerEvent e) {
                        events.add(e);
                        lastEvent = System.nanoTime();
                    }
                }
                if (updatedAt[0] == 0 && events.size() >= 4) {
                    Path tampered = Files.createDirectories(model.resolveSibling("tampered"));
                    for (String f : List.of(ModelArtifact.INFO, ModelArtifact.PARAMS)) {
                        Files.copy(model.resolve(f), tampered.resolve(f));
                    }
                    Files.write(tampered.resolve(ModelArtifact.PARAMS), new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
                    // the checksum is taken before the file changes under it, as a copy gone wrong would
                    String sha = io.faalive.serving.runtime.ModelFile.sha256Of(model.resolve(ModelArtifact.PARAMS));
                    publishUpdate(conf, tampered, "tampered", sha);
                    updatedAt[0] = System.currentTimeMillis();
                    StringWriter out = new StringWriter();
                    StringWriter err = new StringWriter();
                    int code = FaaCli.run(new String[] {"model-update", "--path", model.toString(), "--version", "harvested-1", bootstrap},
                            new PrintWriter(out, true), new PrintWriter(err, true));
                    assertThat(code).as(err.toString()).isZero();
                }
            }
        }
    }

    /** A model update as bin/faa model-update sends it, with a checksum of our choosing. */
    private static void publishUpdate(Configuration conf, Path model, String version, String sha) throws Exception {
        var update = io.faalive.schemas.ModelUpdate.newBuilder().setVersion(version).setPath(model.toString()).setSha256(sha)
                .setRequestedAtMs(System.currentTimeMillis()).build();
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", conf.get(KafkaOptions.BOOTSTRAP_SERVERS));
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(props,
                new org.apache.kafka.common.serialization.ByteArraySerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(conf.get(TopicOptions.TOPIC_MODEL_UPDATES),
                    version.getBytes(java.nio.charset.StandardCharsets.UTF_8), AvroCodec.of(io.faalive.schemas.ModelUpdate.class).encode(update)))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static long lines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package io.faalive.loadtest;

import io.faalive.job.FaaJobMain;
import io.faalive.job.config.KafkaOptions;
import io.faalive.job.config.TopicOptions;
import io.faalive.loadtest.cli.LocalClusterOptions;
import io.faalive.loadtest.cli.Ranges;
import io.faalive.loadtest.cli.SettingsCommand;
import io.faalive.loadtest.kafka.EmbeddedKafka;
import io.faalive.loadtest.kafka.Topics;
import io.faalive.loadtest.media.EncodedChunk;
import io.faalive.loadtest.scenario.GeneratedMeeting;
import io.faalive.loadtest.scenario.IdentityMeetings;
import io.faalive.loadtest.identity.Enroller;
import io.faalive.loadtest.identity.GalleryStore;
import io.faalive.job.config.PerceptionSettings;
import io.faalive.schemas.AvroCodec;
import io.faalive.schemas.MediaChunk;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/faa demo}: an in-process Kafka broker, a Flink MiniCluster with its web UI,
 * the job, two live streams in real time (a composed four-person meeting and a two-person
 * interview when ../shared/fixtures is there, generated media otherwise), a bad record now and then, and the output printed as it
 * arrives. Ctrl-C stops everything. {@code --duration S} stops after S seconds;
 * {@code --port P} moves the web UI.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "In-process Kafka, a Flink MiniCluster with its web UI, the job and two live streams in real time; prints speaker events as they happen. Ctrl-C stops everything.")
public final class Demo extends SettingsCommand {

    @Option(names = "--duration", defaultValue = "0", paramLabel = "S", description = "Stop after S seconds (default: run until Ctrl-C).")
    long durationS;

    @Mixin
    LocalClusterOptions cluster;

    @Option(names = "--windows", description = "Also print each perception window (the detail behind the events).")
    boolean windows;

    public Demo() {}

    @Override
    public Integer call() throws Exception {
        cluster.check(spec);
        Ranges.check(spec, "--duration", durationS, 0, Integer.MAX_VALUE);
        conf.set(KafkaOptions.STARTING_OFFSETS, KafkaOptions.StartingOffsets.EARLIEST);
        System.out.println("faa-live demo: starting Kafka (in-process KRaft)...");
        EmbeddedKafka kafka = EmbeddedKafka.start();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        Topics.ensure(kafka.bootstrapServers(), conf);

        List<Stream> streams = demoStreams();
        enroll(kafka.bootstrapServers());

        Configuration flinkConf = new Configuration(conf);
        flinkConf.set(RestOptions.PORT, cluster.port);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flinkConf);
        env.setParallelism(cluster.parallelism);
        FaaJobMain.buildKafkaJob(env, conf);
        JobClient job = env.executeAsync(FaaJobMain.JOB_NAME + " demo");

        System.out.printf("Flink web UI: http://localhost:%d   Kafka: %s   job %s%n", cluster.port, kafka.bootstrapServers(), job.getJobID());
        System.out.println("Streams: " + streams.stream().map(s -> s.prefix + "0 (" + s.source + ")").toList()
                + " in real time; a bad record is injected every 10 s. Ctrl-C stops.");
        String log = System.getProperty("faa.log.file");
        if (log != null) {
            System.out.println("Logs: " + log);
        }
        System.out.println(OutputPrinter.legend());

        OutputPrinter printer = new OutputPrinter(kafka.bootstrapServers(), conf.get(TopicOptions.TOPIC_SUMMARIES),
                conf.get(TopicOptions.TOPIC_PERCEPTION), conf.get(TopicOptions.TOPIC_SPEAKER_EVENTS),
                conf.get(TopicOptions.TOPIC_DEAD_LETTER), System.out, windows);
        List<StreamPublisher> publishers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(printer, "output-printer"));
        for (Stream s : streams) {
            StreamPublisher publisher = new StreamPublisher(kafka.bootstrapServers(), conf.get(TopicOptions.TOPIC_CHUNKS));
            publishers.add(publisher);
            threads.add(new Thread(() -> runQuietly(publisher, new StreamPublisher.Plan(s.chunks, 1, 1.0, 0, s.prefix)),
                    "publisher-" + s.prefix));
        }
        StreamPublisher injector = publishers.get(0);
        threads.add(new Thread(() -> injectBadRecords(injector, streams.get(0).chunks), "bad-record-injector"));
        threads.forEach(t -> {
            t.setDaemon(true);
            t.start();
        });

        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            System.out.println("\nStopping: streams, job, Kafka...");
            publishers.forEach(StreamPublisher::stop);
            printer.close();
            try {
                job.cancel().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.out.println("Job cancel: " + e);
            }
            publishers.forEach(StreamPublisher::close);
            try {
                kafka.close();
            } catch (Exception e) {
                System.out.println("Kafka close: " + e);
            }
            stopped.countDown();
            System.out.println("Stopped.");
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        if (durationS > 0) {
            Thread.sleep(durationS * 1000);
            System.exit(0);
        }
        stopped.await();
        return 0;
    }

    private record Stream(String prefix, String source, List<EncodedChunk> chunks) {}

    private static List<Stream> demoStreams() throws Exception {
        List<Stream> streams = new ArrayList<>();
        var interview = MediaSources.fixtureMedia("multi_speaker/visualvoice_interview.mp4");
        if (interview.isPresent()) {
            // a composed four-person meeting, two of them enrolled (its truth beside it, for bin/faa score), made once
            Path meetings = demoDir();
            Path meeting = meetings.resolve(IdentityMeetings.NAMES.get(0) + ".mp4");
            if (!Files.exists(meeting)) {
                System.out.println("Composing a four-person meeting from the fixtures, once (about a minute) -> " + meetings);
                IdentityMeetings.make(meetings, interview.get().getParent().getParent(), 1);
            }
            streams.add(new Stream("meeting-", fileName(meeting), MediaSources.chunks(meeting, 0, 0)));
            streams.add(new Stream("interview-", fileName(interview.get()), MediaSources.chunks(interview.get(), 0, 0)));
        } else if (GeneratedMeeting.missing() == null) {
            // no fixtures: a meeting made from a Debian portrait and espeak-ng voices, made once
            Path meetings = demoDir();
            if (!Files.exists(meetings.resolve(GeneratedMeeting.NAME + ".mp4"))) {
                System.out.println("No ../shared/fixtures: generating a meeting from a portrait and espeak-ng voices, once (about 40 s) -> "
                        + meetings);
            }
            Path meeting = GeneratedMeeting.make(meetings, 1);
            streams.add(new Stream("meeting-", fileName(meeting), MediaSources.chunks(meeting, 0, 0)));
        } else {
            System.out.println("No ../shared/fixtures and no " + GeneratedMeeting.missing() + ": streaming moving shapes and tones.");
            streams.add(new Stream("synthetic-a-", "generated", MediaSources.chunks(null, 12, 1)));
            streams.add(new Stream("synthetic-b-", "generated", MediaSources.chunks(null, 12, 2)));
        }
        return streams;
    }

    private static Path demoDir() {
        return Path.of(System.getProperty("faa.cache", ".cache"), "demo");
    }

    /**
     * Enrolls people of the demo meeting through the enrollments topic, as {@code bin/faa enroll}
     * does, from other material of them than the meeting plays: two of the four (photo and
     * recordings) with the fixtures, the first voice of the generated meeting (other sentences) without.
     */
    private void enroll(String bootstrap) throws Exception {
        GalleryStore gallery = GalleryStore.kafka(bootstrap, conf.get(TopicOptions.TOPIC_ENROLLMENTS), conf);
        List<String> names = new ArrayList<>();
        try (Enroller enroller = new Enroller(PerceptionSettings.from(conf))) {
            var media = MediaSources.fixtureMedia("faces");
            if (media.isPresent()) {
                for (IdentityMeetings.Enrollee p : IdentityMeetings.enrollees(media.get().getParent())) {
                    gallery.put(enroller.enroll(p.id(), p.name(), List.of(p.photo()), p.recordings(), List.of()));
                    names.add(p.name());
                }
            } else if (GeneratedMeeting.missing() == null) {
                Path voice = GeneratedMeeting.enrollmentVoice(demoDir());
                gallery.put(enroller.enroll("voice-a", "Speaker A", List.of(), List.of(voice), List.of()));
                names.add("Speaker A (voice only)");
            }
        }
        if (!names.isEmpty()) {
            System.out.println("Enrolled through " + conf.get(TopicOptions.TOPIC_ENROLLMENTS) + ": " + String.join(", ", names)
                    + " (from other photos and recordings than the meeting plays); the others are strangers to the gallery.");
        }
    }

    /** Every 10 s: garbage, then a chunk cut in half, so the dead-letter path shows in the output. */
    private static void injectBadRecords(StreamPublisher publisher, List<EncodedChunk> chunks) {
        AvroCodec<MediaChunk> codec = AvroCodec.of(MediaChunk.class);
        try {
            for (long i = 0; ; i++) {
                Thread.sleep(10_000);
                if (i % 2 == 0) {
                    publisher.send("garbage", "this is not a media chunk".getBytes(StandardCharsets.UTF_8));
                } else {
                    EncodedChunk c = chunks.get(0);
                    byte[] half = Arrays.copyOf(c.payload(), c.payload().length / 3);
                    publisher.send("truncated", codec.encode(MediaChunk.newBuilder()
                            .setStreamId("truncated").setSeq(i).setStartTsMs(System.currentTimeMillis())
                            .setDurationMs(c.durationMs()).setContainer(c.container())
                            .setPayload(ByteBuffer.wrap(half)).setProducerTimeMs(System.currentTimeMillis())
                            .build()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void runQuietly(StreamPublisher publisher, StreamPublisher.Plan plan) {
        try {
            publisher.run(plan);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!publisher.isStopped()) {
                System.out.println("Publisher failed: " + e);
            }
        }
    }

    private static String fileName(Path p) {
        return p.getFileName().toString();
    }
}

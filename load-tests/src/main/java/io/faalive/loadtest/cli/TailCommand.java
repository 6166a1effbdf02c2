package io.faalive.loadtest.cli;

import io.faalive.job.config.KafkaOptions;
import io.faalive.job.config.TopicOptions;
import io.faalive.loadtest.EventJson;
import io.faalive.loadtest.kafka.Topics;
import io.faalive.loadtest.kafka.SpeakerTopic;
import io.faalive.schemas.AssociationEvent;
import io.faalive.schemas.MismatchAlert;
import org.apache.avro.specific.SpecificRecord;
import io.faalive.schemas.AvroCodec;
import io.faalive.schemas.ChunkSummary;
import io.faalive.schemas.DeadLetter;
import io.faalive.schemas.Enrollment;
import io.faalive.schemas.HarvestedSample;
import io.faalive.schemas.MediaChunk;
import io.faalive.schemas.PerceptionWindow;
import io.faalive.schemas.RecordDecodeException;
import io.faalive.schemas.SpeakerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.flink.configuration.ConfigOption;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/faa tail TOPIC}: any of the product's topics as JSON lines (the records are Avro
 * single-object encoded, which a generic console consumer cannot show). Speaker events and
 * bindings have the same fields as {@code bin/faa analyze}'s lines, with media times in epoch ms.
 */
@Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints a topic of the product as JSON lines: speaker-events (speaker events, bindings and mismatch alerts), perception, summaries, dead-letter, chunks (payloads as their size) enrollments (a removal as a tombstone line) or samples (as bin/faa train --samples reads them); the short name or the topic's name.")
public final class TailCommand extends SettingsCommand {

    @Parameters(paramLabel = "TOPIC", description = "speaker-events, perception, summaries, dead-letter, chunks, enrollments or samples (or the configured topic name).")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the oldest record and stop when caught up (default: print records as they arrive).")
    boolean fromBeginning;

    @Option(names = "--follow", description = "With --from-beginning, keep waiting for new records instead of stopping.")
    boolean follow;

    @Option(names = "--max", defaultValue = "0", paramLabel = "N", description = "Stop after N records (default: no limit).")
    long max;

    @Option(names = "--stream", paramLabel = "ID", description = "Only records of this stream (the Kafka key).")
    String stream;

    @Override
    public Integer call() throws Exception {
        Ranges.check(spec, "--max", max, 0, Long.MAX_VALUE);
        Map<String, Function<byte[], String>> formats = formats();
        String name = resolve(formats);
        Function<byte[], String> format = formats.get(name);
        String bootstrap = conf.get(KafkaOptions.BOOTSTRAP_SERVERS);
        Topics.requireReachable(bootstrap);
        Properties props = new Properties();
        props.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.setProperty(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(Topics.MAX_MESSAGE_BYTES));
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long printed = 0;
        AtomicBoolean stop = new AtomicBoolean();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(name, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "no topic " + name + " on " + bootstrap);
            }
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Thread main = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.set(true);
                consumer.wakeup();
                try {
                    main.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            boolean bounded = fromBeginning && !follow;
            while (!stop.get()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (stream != null && (r.key() == null || !stream.equals(new String(r.key(), StandardCharsets.UTF_8)))) {
                        continue;
                    }
                    System.out.println(r.value() == null ? tombstone(r.key()) : format.apply(r.value()));
                    if (max > 0 && ++printed >= max) {
                        return 0;
                    }
                }
                if (bounded && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                    return 0;
                }
            }
        } catch (WakeupException e) {
            // Ctrl-C
        }
        return 0;
    }

    /** A record without a value: on the enrollments topic, the removal of the person its key names. */
    private static String tombstone(byte[] key) {
        return "{\"type\": \"tombstone\", \"key\": " + new com.google.gson.Gson().toJson(key == null ? null : new String(key, StandardCharsets.UTF_8)) + "}";
    }

    private String resolve(Map<String, Function<byte[], String>> formats) {
        if (formats.containsKey(topic)) {
            return topic;
        }
        for (ConfigOption<String> option : List.of(TopicOptions.TOPIC_SPEAKER_EVENTS, TopicOptions.TOPIC_PERCEPTION,
                TopicOptions.TOPIC_SUMMARIES, TopicOptions.TOPIC_DEAD_LETTER, TopicOptions.TOPIC_CHUNKS, TopicOptions.TOPIC_ENROLLMENTS, TopicOptions.TOPIC_SAMPLES)) {
            if (option.key().equals("faa.topic." + topic)) {
                return conf.get(option);
            }
        }
        throw new ParameterException(spec.commandLine(), "unknown topic " + topic + "; one of speaker-events, perception, summaries, "
                + "dead-letter, chunks, enrollments, samples, or " + String.join(", ", formats.keySet()));
    }

    /** Topic name to its JSON rendering, as configured. */
    private Map<String, Function<byte[], String>> formats() {
        AvroCodec<PerceptionWindow> windows = AvroCodec.of(PerceptionWindow.class);
        AvroCodec<ChunkSummary> summaries = AvroCodec.of(ChunkSummary.class);
        AvroCodec<DeadLetter> deadLetters = AvroCodec.of(DeadLetter.class);
        AvroCodec<MediaChunk> chunks = AvroCodec.of(MediaChunk.class);
        Map<String, Function<byte[], String>> out = new LinkedHashMap<>();
        SpeakerTopic speakerRecords = new SpeakerTopic();
        out.put(conf.get(TopicOptions.TOPIC_SPEAKER_EVENTS), guarded(v -> {
            // three record types share the topic
            SpecificRecord r = speakerRecords.decode(v);
            if (r instanceof SpeakerEvent e) {
                // live events also say when they were written, for the end-to-end lag
                String json = EventJson.speaker(e);
                return json.substring(0, json.length() - 1) + ", \"emitTimeMs\": " + e.getEmitTimeMs()
                        + ", \"sourceProducerTimeMs\": " + e.getSourceProducerTimeMs() + "}";
            }
            return r instanceof AssociationEvent a ? EventJson.association(a) : EventJson.mismatch((MismatchAlert) r);
        }));
        out.put(conf.get(TopicOptions.TOPIC_PERCEPTION), guarded(v -> EventJson.window(windows.decode(v))));
        out.put(conf.get(TopicOptions.TOPIC_SUMMARIES), guarded(v -> AvroJson.of(summaries.decode(v))));
        out.put(conf.get(TopicOptions.TOPIC_DEAD_LETTER), guarded(v -> AvroJson.of(deadLetters.decode(v))));
        out.put(conf.get(TopicOptions.TOPIC_CHUNKS), guarded(v -> AvroJson.of(chunks.decode(v))));
        AvroCodec<Enrollment> enrollments = AvroCodec.of(Enrollment.class);
        AvroCodec<HarvestedSample> samples = AvroCodec.of(HarvestedSample.class);
        // the learning loop's samples as bin/faa train --samples reads them
        out.put(conf.get(TopicOptions.TOPIC_SAMPLES), guarded(v -> EventJson.sample(samples.decode(v))));
        out.put(conf.get(TopicOptions.TOPIC_ENROLLMENTS), guarded(v -> AvroJson.of(enrollments.decode(v))));
        return out;
    }

    @FunctionalInterface
    private interface Format {
        String apply(byte[] value) throws Exception;
    }

    /** A record this build cannot read is shown as such, and the tail goes on. */
    private static Function<byte[], String> guarded(Format format) {
        return v -> {
            try {
                return format.apply(v);
            } catch (Exception e) {
                return "{\"type\": \"unreadable\", \"bytes\": " + (v == null ? 0 : v.length) + ", \"reason\": "
                        + new com.google.gson.Gson().toJson(Errors.oneLine(e)) + "}";
            }
        };
    }
}

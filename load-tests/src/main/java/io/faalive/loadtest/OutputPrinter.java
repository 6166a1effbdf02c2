package io.faalive.loadtest;

import io.faalive.loadtest.kafka.SpeakerTopic;
import io.faalive.schemas.AssociationEvent;
import io.faalive.schemas.MismatchAlert;
import org.apache.avro.specific.SpecificRecord;
import io.faalive.schemas.AvroCodec;
import io.faalive.schemas.ChunkSummary;
import io.faalive.schemas.DeadLetter;
import io.faalive.schemas.PerceptionWindow;
import io.faalive.schemas.RecordDecodeException;
import io.faalive.schemas.SpeakerEvent;
import io.faalive.schemas.TrackObservation;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Prints the job's output topics, one readable line per record, as records arrive: speaker
 * events, bindings and dead letters; chunk summaries and perception windows only with {@code detail}.
 */
public final class OutputPrinter implements Runnable, AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String summaryTopic;
    private final String perceptionTopic;
    private final String speakerTopic;
    private final String deadLetterTopic;
    private final PrintStream out;
    private final AvroCodec<ChunkSummary> summaries = AvroCodec.of(ChunkSummary.class);
    private final AvroCodec<DeadLetter> deadLetters = AvroCodec.of(DeadLetter.class);
    private final AvroCodec<PerceptionWindow> windows = AvroCodec.of(PerceptionWindow.class);
    private final SpeakerTopic speakerRecords = new SpeakerTopic();
    /** The last speaker printed per stream, so that changes stand out. */
    private final java.util.Map<String, String> lastSpeaker = new java.util.HashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final boolean detail;

    public OutputPrinter(String bootstrapServers, String summaryTopic, String perceptionTopic, String speakerTopic,
            String deadLetterTopic, PrintStream out, boolean detail) {
        Properties props = new Properties();
        props.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "faa-output-printer-" + ProcessHandle.current().pid());
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.setProperty(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024));
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.summaryTopic = summaryTopic;
        this.perceptionTopic = perceptionTopic;
        this.speakerTopic = speakerTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.out = out;
        this.detail = detail;
    }

    @Override
    public void run() {
        consumer.subscribe(detail ? List.of(summaryTopic, perceptionTopic, speakerTopic, deadLetterTopic)
                : List.of(speakerTopic, deadLetterTopic));
        try {
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    out.println(format(record));
                }
            }
        } catch (WakeupException e) {
            // close() was called
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private String format(ConsumerRecord<byte[], byte[]> record) {
        try {
            if (record.topic().equals(summaryTopic)) {
                return describe(summaries.decode(record.value()));
            }
            if (record.topic().equals(perceptionTopic)) {
                return describe(windows.decode(record.value()));
            }
            if (record.topic().equals(speakerTopic)) {
                // three record types share the topic: the schema fingerprint says which
                SpecificRecord r = speakerRecords.decode(record.value());
                return r instanceof SpeakerEvent e ? speaker(e) : r instanceof AssociationEvent a ? describe(a) : describe((MismatchAlert) r);
            }
            return describe(deadLetters.decode(record.value()));
        } catch (RecordDecodeException e) {
            return "[unreadable] " + record.topic() + ": " + e.getMessage();
        }
    }

    /** What the columns mean, printed once before the output. */
    public static String legend() {
        return "Each line: stream, media clock span, who speaks (session speaker S1, S2, ... and the face's track and box,\n"
                + "x,y width x height as shares of the frame), confidence 0-1, lag from the chunk's production to the event. ==> marks a change.";
    }

    static String describe(ChunkSummary s) {
        long lagMs = s.getEmitTimeMs() - s.getProducerTimeMs();
        return String.format("[chunk] %-12s #%-4d %2d frames %dx%d (of %d)  audio %.2f s %6.1f dBFS  luma %5.1f  decode %4d ms  lag %4d ms",
                s.getStreamId(), s.getSeq(), s.getVideoFrames(), s.getFrameWidth(), s.getFrameHeight(),
                s.getSourceFrames(), s.getAudioSamples() / (double) Math.max(1, s.getAudioSampleRate()),
                s.getAudioRmsDbfs(), s.getMeanLuma(), s.getDecodeMicros() / 1000, lagMs);
    }

    static String describe(PerceptionWindow w) {
        StringBuilder b = new StringBuilder(String.format("[window] %-12s %s speech %.2f%s", w.getStreamId(),
                java.time.Instant.ofEpochMilli(w.getWindowStartTsMs()).toString().substring(11, 23),
                w.getSpeechShare(), w.getVoiceEmbedding() == null ? "" : " voice " + w.getVoiceEmbedder()));
        for (TrackObservation t : w.getTracks()) {
            b.append(String.format("  | track %d at (%.2f,%.2f %.2fx%.2f) %s sync %s", t.getTrackId(), t.getX(), t.getY(),
                    t.getWidth(), t.getHeight(), t.getFaceEmbedding() == null ? "no face vector" : "face vector",
                    t.getSyncScore() == null ? "-" : String.format("%+.2f", t.getSyncScore())));
        }
        return b.toString();
    }

    /** One line per speaker event; a new speaker or a new state starts with "==>". */
    private String speaker(SpeakerEvent e) {
        String who = switch (e.getState()) {
            case SPEAKING -> e.getSessionSpeakerId() + named(e) + " on track " + e.getTrackId()
                    + String.format(" at (%.2f,%.2f %.2fx%.2f)", e.getBox().getX(), e.getBox().getY(), e.getBox().getWidth(),
                            e.getBox().getHeight());
            case OFF_SCREEN -> e.getSessionSpeakerId() + named(e) + " off screen";
            default -> "nobody";
        };
        String key = e.getState() + " " + e.getSessionSpeakerId() + " " + e.getTrackId() + " " + e.getPersonId();
        String previous = lastSpeaker.put(e.getStreamId().toString(), key);
        boolean change = !key.equals(previous);
        return String.format("%s[speaker] %-12s %s-%s  %-10s %-40s confidence %.2f  lag %4d ms", change ? "==> " : "    ",
                e.getStreamId(), clock(e.getStartTsMs()), clock(e.getEndTsMs()), e.getState(), who, e.getConfidence(),
                e.getEmitTimeMs() - e.getSourceProducerTimeMs());
    }

    /** " (Display Name)" for an enrolled person, else nothing. */
    private static String named(SpeakerEvent e) {
        return e.getDisplayName() == null ? "" : " (" + e.getDisplayName() + ")";
    }

    static String describe(MismatchAlert m) {
        return String.format("==> [MISMATCH %s] %-12s %s-%s  %s", m.getSeverity(), m.getStreamId(), clock(m.getStartTsMs()),
                clock(m.getEndTsMs()), m.getReason());
    }

    static String describe(AssociationEvent a) {
        return String.format("==> [binding] %-12s voice %s belongs to track %s%s (%.1f s of its speech with that face in view, confidence %.2f)",
                a.getStreamId(), a.getVoiceId(), a.getTrackId(), a.getPreviousTrackId() == null ? "" : " (was " + a.getPreviousTrackId() + ")",
                a.getEvidenceSeconds() == null ? 0f : a.getEvidenceSeconds(), a.getScore());
    }

    private static String clock(long epochMs) {
        return java.time.Instant.ofEpochMilli(epochMs).toString().substring(11, 23);
    }

    static String describe(DeadLetter d) {
        return String.format("[dead letter] %s-%d@%d  %s %s: %s (%d bytes kept)", d.getSourceTopic(),
                d.getSourcePartition(), d.getSourceOffset(), d.getStage(), d.getErrorClass(), d.getReason(),
                d.getOriginalBytes().remaining());
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
    }
}

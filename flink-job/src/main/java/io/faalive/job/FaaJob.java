package io.faalive.job;

import io.faalive.job.config.DecodeOptions;
import io.faalive.job.config.EventTimeOptions;
import io.faalive.job.config.FaaOptions;
import io.faalive.job.config.InferenceOptions;

import io.faalive.job.deadletter.DeadLetters;
import io.faalive.job.decode.DecodeChunk;
import io.faalive.job.decode.DecodeSettings;
import io.faalive.job.decode.SummarizeChunk;
import io.faalive.job.ingest.OrderChunks;
import io.faalive.job.ingest.ParseChunk;
import io.faalive.job.source.RawRecord;
import io.faalive.job.ingest.SourcedChunk;
import io.faalive.job.associate.Associate;
import io.faalive.job.associate.AssociateSettings;
import io.faalive.job.sink.ToHarvestedSample;
import io.faalive.schemas.HarvestedSample;
import io.faalive.job.associate.Enrollments;
import io.faalive.job.associate.ControlUpdate;
import io.faalive.job.associate.ParseModelUpdate;
import io.faalive.job.associate.RefusedModelLetter;
import io.faalive.job.associate.ParseEnrollment;
import io.faalive.job.config.IdentityOptions;
import io.faalive.job.sink.ToMismatchAlert;
import io.faalive.schemas.MismatchAlert;
import io.faalive.serving.identify.Gallery;
import java.io.IOException;
import java.nio.file.Path;
import io.faalive.job.associate.SpeakerDecision;
import io.faalive.job.config.PerceptionSettings;
import io.faalive.job.sink.ToAssociationEvent;
import io.faalive.job.sink.ToSpeakerEvent;
import io.faalive.job.decode.DecodedChunk;
import io.faalive.job.faces.DetectFaces;
import io.faalive.job.faces.EmbedFaces;
import io.faalive.job.faces.EmbeddedFaces;
import io.faalive.job.sink.ToPerceptionWindow;
import io.faalive.job.speech.ChunkWindows;
import io.faalive.job.speech.EmbedVoices;
import io.faalive.job.speech.SpeechWindows;
import io.faalive.job.sync.ScoreSync;
import io.faalive.job.sync.WindowObservation;
import io.faalive.job.tracks.TrackFaces;
import io.faalive.job.tracks.TrackedFaces;
import io.faalive.schemas.AssociationEvent;
import io.faalive.schemas.ChunkSummary;
import io.faalive.schemas.SpeakerEvent;
import io.faalive.schemas.DeadLetter;
import io.faalive.schemas.PerceptionWindow;
import io.faalive.serving.perception.PerceptionConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The faa-live pipeline. Sources and sinks are injected: {@link FaaJobMain} wires Kafka,
 * tests wire whatever they need. Each stage emits an immutable record of its own; Avro
 * records are made only at the sinks.
 *
 * <pre>
 * RawRecord -> ParseChunk -> SourcedChunk -> watermarks (media time) -> keyBy(streamId)
 *   -> OrderChunks -> SourcedChunk (each stream in seq order; repeats and late chunks out)
 *   -> DecodeChunk -> DecodedChunk -+-> SummarizeChunk -> ChunkSummary
 *                                   +-> DetectFaces -> DetectedFaces
 *   -> EmbedFaces (batched model) -> EmbeddedFaces -> TrackFaces (keyed) -> TrackedFaces
 *   -> SpeechWindows (keyed) -> ChunkWindows -> EmbedVoices (batched model) -> VoicedWindows
 *   -> ScoreSync -> WindowObservation -+-> PerceptionWindow (Avro)
 *   -> Associate (keyed, with the gallery broadcast) -> SpeakerDecision -> SpeakerEvent (Avro)
 *          ^                                +-> VoiceBinding -> AssociationEvent (Avro)
 *          |                                +-> VoiceMismatch -> MismatchAlert (Avro)
 *          |                                +-> HarvestedSegment -> HarvestedSample (Avro, learning loop)
 * RawRecord (enrollments) -> ParseEnrollment -> GalleryUpdate (broadcast)
 * every stage's rejects -> DeadLetter
 * </pre>
 *
 * After DecodeChunk the stream stays partitioned by streamId (forward edges only), so the
 * keyed perception stages reinterpret it as keyed instead of shuffling it again.
 */
public final class FaaJob {

    /** Where the job reads: chunks; the enrollments that change the gallery and the FAA model updates (null for none). */
    public record Sources(Source<RawRecord, ?, ?> chunks, Source<RawRecord, ?, ?> enrollments, Source<RawRecord, ?, ?> modelUpdates) {}

    /** Where the job writes. */
    public record Sinks(Sink<ChunkSummary> summaries, Sink<PerceptionWindow> perception, Sink<SpeakerEvent> speakers,
            Sink<AssociationEvent> associations, Sink<MismatchAlert> mismatches, Sink<HarvestedSample> samples,
            Sink<DeadLetter> deadLetters) {}

    private final Sources sources;
    private final Sinks sinks;
    private final Configuration conf;

    public FaaJob(Sources sources, Sinks sinks, Configuration conf) {
        FaaOptions.validate(conf);
        this.sources = sources;
        this.sinks = sinks;
        this.conf = conf;
    }

    /** Adds the pipeline to {@code env}; the caller executes it. */
    public void build(StreamExecutionEnvironment env) {
        DataStream<RawRecord> raw = env.fromSource(sources.chunks(), WatermarkStrategy.noWatermarks(), "media.chunks")
                .uid("chunk-source");
        DataStream<RawRecord> enrollments = sources.enrollments() == null ? null
                : env.fromSource(sources.enrollments(), WatermarkStrategy.noWatermarks(), "enrollments").uid("enrollment-source");
        DataStream<RawRecord> modelUpdates = sources.modelUpdates() == null ? null
                : env.fromSource(sources.modelUpdates(), WatermarkStrategy.noWatermarks(), "model updates").uid("model-update-source");
        Outputs outputs = wire(raw, enrollments, modelUpdates, conf);
        outputs.summaries.sinkTo(sinks.summaries()).name("summaries").uid("summary-sink");
        outputs.perception.sinkTo(sinks.perception()).name("perception windows").uid("perception-sink");
        outputs.speakers.sinkTo(sinks.speakers()).name("speaker events").uid("speaker-sink");
        outputs.associations.sinkTo(sinks.associations()).name("association events").uid("association-sink");
        outputs.mismatches.sinkTo(sinks.mismatches()).name("mismatch alerts").uid("mismatch-sink");
        outputs.samples.sinkTo(sinks.samples()).name("harvested samples").uid("sample-sink");
        outputs.deadLetters.sinkTo(sinks.deadLetters()).name("dead letters").uid("dead-letter-sink");
    }

    /** The streams the pipeline produces. */
    public record Outputs(DataStream<ChunkSummary> summaries, DataStream<PerceptionWindow> perception,
            DataStream<SpeakerEvent> speakers, DataStream<AssociationEvent> associations, DataStream<MismatchAlert> mismatches,
            DataStream<HarvestedSample> samples, DataStream<DeadLetter> deadLetters) {}

    /**
     * The pipeline proper, from raw chunk records (and enrollment and model-update records, or
     * null) to its outputs. The gallery starts from {@code faa.identity.gallery} when set, the FAA
     * model from {@code faa.model.path}.
     */
    public static Outputs wire(DataStream<RawRecord> raw, DataStream<RawRecord> enrollmentRecords, DataStream<RawRecord> modelUpdateRecords,
            Configuration conf) {
        FaaOptions.validate(conf);
        SingleOutputStreamOperator<SourcedChunk> chunks = raw
                .process(new ParseChunk(conf.get(DecodeOptions.MAX_CHUNK_SIZE).getBytes()))
                .name("ParseChunk").uid("parse-chunk");

        SingleOutputStreamOperator<SourcedChunk> ordered = chunks
                .assignTimestampsAndWatermarks(mediaTimeWatermarks(conf))
                .name("media-time watermarks").uid("watermarks")
                .keyBy(SourcedChunk::streamId)
                .process(new OrderChunks(conf.get(EventTimeOptions.STREAM_STATE_TTL), conf.get(DecodeOptions.MAX_CHUNK_SIZE).getBytes()))
                .returns(OrderChunks.chunkType())
                .name("OrderChunks").uid("order-chunks");

        SingleOutputStreamOperator<DecodedChunk> decoded = DataStreamUtils
                .reinterpretAsKeyedStream(ordered, SourcedChunk::streamId, Types.STRING)
                .process(new DecodeChunk(DecodeSettings.from(conf)))
                .name("DecodeChunk").uid("decode-chunk");

        DataStream<ChunkSummary> summaries = decoded.map(new SummarizeChunk()).name("SummarizeChunk").uid("summarize-chunk");
        DataStream<WindowObservation> observations = perceive(decoded, conf);
        DataStream<PerceptionWindow> perception = observations
                .map(new ToPerceptionWindow()).name("PerceptionWindow (Avro)").uid("perception-avro");

        PerceptionConfig encoders = PerceptionSettings.from(conf);
        // without a control source (analyze, tests) the broadcast side is an input that never
        // carries anything: the gallery and the model are then the start-up ones
        long maxOriginal = conf.get(DecodeOptions.MAX_CHUNK_SIZE).getBytes();
        SingleOutputStreamOperator<ControlUpdate> galleryUpdates = orNothing(enrollmentRecords, raw, "enrollments")
                .process(new ParseEnrollment(encoders, maxOriginal)).name("ParseEnrollment").uid("parse-enrollment");
        SingleOutputStreamOperator<ControlUpdate> modelUpdates = orNothing(modelUpdateRecords, raw, "model updates")
                .process(new ParseModelUpdate(maxOriginal)).name("ParseModelUpdate").uid("parse-model-update");
        SingleOutputStreamOperator<SpeakerDecision> decisions = DataStreamUtils
                .reinterpretAsKeyedStream(observations, WindowObservation::streamId, Types.STRING)
                .connect(galleryUpdates.union(modelUpdates).broadcast(Associate.CONTROL))
                .process(new Associate(AssociateSettings.from(conf), initialGallery(conf, encoders)))
                .name("Associate").uid("associate");
        DataStream<SpeakerEvent> speakers = decisions.map(new ToSpeakerEvent()).name("SpeakerEvent (Avro)").uid("speaker-avro");
        DataStream<AssociationEvent> associations = decisions.getSideOutput(Associate.BINDINGS)
                .map(new ToAssociationEvent()).name("AssociationEvent (Avro)").uid("association-avro");
        DataStream<MismatchAlert> mismatches = decisions.getSideOutput(Associate.MISMATCHES)
                .map(new ToMismatchAlert()).name("MismatchAlert (Avro)").uid("mismatch-avro");
        DataStream<HarvestedSample> samples = decisions.getSideOutput(Associate.HARVESTED)
                .map(new ToHarvestedSample()).name("HarvestedSample (Avro)").uid("sample-avro");
        DataStream<DeadLetter> deadLetters = chunks.getSideOutput(DeadLetters.TAG)
                .union(ordered.getSideOutput(DeadLetters.TAG), decoded.getSideOutput(DeadLetters.TAG),
                        galleryUpdates.getSideOutput(DeadLetters.TAG), modelUpdates.getSideOutput(DeadLetters.TAG),
                        decisions.getSideOutput(Associate.REFUSED_MODELS).map(new RefusedModelLetter(maxOriginal))
                                .name("refused models").uid("refused-models"));
        return new Outputs(summaries, perception, speakers, associations, mismatches, samples, deadLetters);
    }

    /** {@code records}, or a stream derived from {@code raw} that never carries anything. */
    private static DataStream<RawRecord> orNothing(DataStream<RawRecord> records, DataStream<RawRecord> raw, String what) {
        return records != null ? records : raw.filter(r -> false).name("no " + what).uid("no-" + what.replace(' ', '-'));
    }

    /** The gallery file of {@code faa.identity.gallery}, or an empty gallery; a bad file fails here, at start-up, in one line. */
    static Gallery initialGallery(Configuration conf, PerceptionConfig encoders) {
        String file = conf.get(IdentityOptions.GALLERY);
        if (file == null || file.isBlank()) {
            return Gallery.empty();
        }
        try {
            return Enrollments.load(Path.of(file), encoders);
        } catch (IOException e) {
            throw new IllegalArgumentException("faa.identity.gallery: " + e.getMessage(), e);
        }
    }

    /** Faces, tracks, speech windows, embeddings and sync: one observation per stream and window hop. */
    static DataStream<WindowObservation> perceive(DataStream<DecodedChunk> decoded, Configuration conf) {
        PerceptionConfig perception = PerceptionSettings.from(conf);
        Duration ttl = conf.get(EventTimeOptions.STREAM_STATE_TTL);
        long timeoutMs = conf.get(InferenceOptions.INFERENCE_TIMEOUT).toMillis();
        int capacity = 4;

        DataStream<EmbeddedFaces> faces = AsyncDataStream.orderedWait(
                decoded.map(new DetectFaces(perception)).name("DetectFaces").uid("detect-faces"),
                new EmbedFaces(perception), timeoutMs, TimeUnit.MILLISECONDS, capacity)
                .name("EmbedFaces").uid("embed-faces");
        DataStream<TrackedFaces> tracked = DataStreamUtils
                .reinterpretAsKeyedStream(faces, f -> f.chunk().streamId(), Types.STRING)
                .process(new TrackFaces(perception, ttl)).name("TrackFaces").uid("track-faces");
        DataStream<ChunkWindows> windows = DataStreamUtils
                .reinterpretAsKeyedStream(tracked, t -> t.chunk().streamId(), Types.STRING)
                .process(new SpeechWindows(perception, ttl)).name("SpeechWindows").uid("speech-windows");
        return AsyncDataStream.orderedWait(windows, new EmbedVoices(perception), timeoutMs, TimeUnit.MILLISECONDS, capacity)
                .name("EmbedVoices").uid("embed-voices")
                .flatMap(new ScoreSync(perception)).name("Sync").uid("sync");
    }

    private static WatermarkStrategy<SourcedChunk> mediaTimeWatermarks(Configuration conf) {
        return WatermarkStrategy.<SourcedChunk>forBoundedOutOfOrderness(conf.get(EventTimeOptions.OUT_OF_ORDERNESS))
                .withTimestampAssigner((c, previous) -> c.chunk.getStartTsMs())
                .withIdleness(conf.get(EventTimeOptions.IDLE_TIMEOUT));
    }
}

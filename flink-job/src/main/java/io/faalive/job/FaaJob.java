package io.faalive.job;

import io.faalive.job.deadletter.DeadLetters;
import io.faalive.job.decode.DecodeChunk;
import io.faalive.job.decode.DecodeSettings;
import io.faalive.job.decode.SummarizeChunk;
import io.faalive.job.ingest.ParseChunk;
import io.faalive.job.ingest.RawRecord;
import io.faalive.job.ingest.SourcedChunk;
import io.faalive.schemas.ChunkSummary;
import io.faalive.schemas.DeadLetter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The faa-live pipeline. Sources and sinks are injected: {@link FaaJobMain} wires Kafka,
 * tests wire whatever they need.
 *
 * <pre>
 * raw Kafka records -> ParseChunk -> watermarks (media time) -> keyBy(streamId)
 *   -> DecodeChunk -> SummarizeChunk -> summaries
 * every stage's rejects -> dead letters
 * </pre>
 */
public final class FaaJob {

    private final Source<RawRecord, ?, ?> chunkSource;
    private final Sink<ChunkSummary> summarySink;
    private final Sink<DeadLetter> deadLetterSink;
    private final Configuration conf;

    public FaaJob(Source<RawRecord, ?, ?> chunkSource, Sink<ChunkSummary> summarySink,
            Sink<DeadLetter> deadLetterSink, Configuration conf) {
        FaaJobOptions.validate(conf);
        this.chunkSource = chunkSource;
        this.summarySink = summarySink;
        this.deadLetterSink = deadLetterSink;
        this.conf = conf;
    }

    /** Adds the pipeline to {@code env}; the caller executes it. */
    public void build(StreamExecutionEnvironment env) {
        DataStream<RawRecord> raw = env.fromSource(chunkSource, WatermarkStrategy.noWatermarks(), "media.chunks")
                .uid("chunk-source");
        Outputs outputs = wire(raw, conf);
        outputs.summaries.sinkTo(summarySink).name("summaries").uid("summary-sink");
        outputs.deadLetters.sinkTo(deadLetterSink).name("dead letters").uid("dead-letter-sink");
    }

    /** The streams the pipeline produces. */
    public record Outputs(DataStream<ChunkSummary> summaries, DataStream<DeadLetter> deadLetters) {}

    /** The pipeline proper, from raw records to its outputs. */
    public static Outputs wire(DataStream<RawRecord> raw, Configuration conf) {
        SingleOutputStreamOperator<SourcedChunk> chunks = raw
                .process(new ParseChunk(conf.get(FaaJobOptions.MAX_CHUNK_SIZE).getBytes()))
                .name("ParseChunk").uid("parse-chunk");

        SingleOutputStreamOperator<io.faalive.job.decode.DecodedChunk> decoded = chunks
                .assignTimestampsAndWatermarks(mediaTimeWatermarks(conf))
                .name("media-time watermarks").uid("watermarks")
                .keyBy(SourcedChunk::streamId)
                .process(new DecodeChunk(DecodeSettings.from(conf), conf.get(FaaJobOptions.STREAM_STATE_TTL)))
                .name("DecodeChunk").uid("decode-chunk");

        DataStream<ChunkSummary> summaries = decoded.map(new SummarizeChunk()).name("SummarizeChunk").uid("summarize-chunk");
        DataStream<DeadLetter> deadLetters = chunks.getSideOutput(DeadLetters.TAG)
                .union(decoded.getSideOutput(DeadLetters.TAG));
        return new Outputs(summaries, deadLetters);
    }

    private static WatermarkStrategy<SourcedChunk> mediaTimeWatermarks(Configuration conf) {
        return WatermarkStrategy.<SourcedChunk>forBoundedOutOfOrderness(conf.get(FaaJobOptions.OUT_OF_ORDERNESS))
                .withTimestampAssigner((c, previous) -> c.chunk.getStartTsMs())
                .withIdleness(conf.get(FaaJobOptions.IDLE_TIMEOUT));
    }
}

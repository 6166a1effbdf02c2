package io.faalive.job.decode;

import io.faalive.job.deadletter.DeadLetters;
import io.faalive.job.ingest.SourcedChunk;
import io.faalive.schemas.MediaChunk;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by streamId: decodes each chunk with FFmpeg (see {@link ChunkDecoder}) and
 * tracks sequence continuity per stream. Undecodable or truncated chunks go to the
 * dead-letter output with the reason; the job goes on.
 *
 * <p>Metrics: chunksDecoded, framesDecoded (kept for analysis), sourceFramesDecoded,
 * audioMillisDecoded, deadLetters, sequenceGaps, duplicateChunks, decodeLatencyMs.
 */
public final class DecodeChunk extends KeyedProcessFunction<String, SourcedChunk, DecodedChunk> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DecodeChunk.class);
    public static final String STAGE = "DecodeChunk";

    private final DecodeSettings settings;
    private final Duration streamStateTtl;

    private transient ChunkDecoder decoder;
    private transient ValueState<Long> lastSeq;
    private transient Counter chunksDecoded;
    private transient Counter framesDecoded;
    private transient Counter sourceFramesDecoded;
    private transient Counter audioMillisDecoded;
    private transient Counter deadLetters;
    private transient Counter sequenceGaps;
    private transient Counter duplicateChunks;
    private transient Histogram decodeLatencyMs;

    public DecodeChunk(DecodeSettings settings, Duration streamStateTtl) {
        this.settings = settings;
        this.streamStateTtl = streamStateTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        decoder = new ChunkDecoder(settings);
        ValueStateDescriptor<Long> descriptor = new ValueStateDescriptor<>("lastSeq", Long.class);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(streamStateTtl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        lastSeq = getRuntimeContext().getState(descriptor);
        var metrics = getRuntimeContext().getMetricGroup();
        chunksDecoded = metrics.counter("chunksDecoded");
        framesDecoded = metrics.counter("framesDecoded");
        sourceFramesDecoded = metrics.counter("sourceFramesDecoded");
        audioMillisDecoded = metrics.counter("audioMillisDecoded");
        deadLetters = metrics.counter("deadLetters");
        sequenceGaps = metrics.counter("sequenceGaps");
        duplicateChunks = metrics.counter("duplicateChunks");
        decodeLatencyMs = metrics.histogram("decodeLatencyMs", new DescriptiveStatisticsHistogram(1000));
    }

    @Override
    public void processElement(SourcedChunk in, Context ctx, Collector<DecodedChunk> out) throws Exception {
        MediaChunk chunk = in.chunk;
        trackSequence(chunk);
        DecodedChunk decoded;
        try {
            decoded = decoder.decode(bytesOf(chunk.getPayload()), chunk.getContainer(), chunk.getStartTsMs(),
                    chunk.getDurationMs());
        } catch (MediaDecodeException e) {
            deadLetters.inc();
            LOG.warn("Dead-lettering chunk {}#{} from {}: {}", chunk.getStreamId(), chunk.getSeq(), in.origin, e.getMessage());
            ctx.output(DeadLetters.TAG, DeadLetters.of(in.origin, STAGE, e.kind().name(), e.getMessage(),
                    chunk.getStreamId(), chunk.getSeq()));
            return;
        }
        decoded.streamId = chunk.getStreamId();
        decoded.seq = chunk.getSeq();
        decoded.producerTimeMs = chunk.getProducerTimeMs();
        chunksDecoded.inc();
        framesDecoded.inc(decoded.frames.length);
        sourceFramesDecoded.inc(decoded.sourceFrames);
        audioMillisDecoded.inc(Math.round(decoded.audioSeconds() * 1000));
        decodeLatencyMs.update(decoded.decodeNanos / 1_000_000);
        out.collect(decoded);
    }

    @Override
    public void close() throws Exception {
        if (decoder != null) {
            decoder.close();
        }
        super.close();
    }

    private void trackSequence(MediaChunk chunk) throws Exception {
        Long previous = lastSeq.value();
        long seq = chunk.getSeq();
        if (previous != null) {
            if (seq <= previous) {
                duplicateChunks.inc();
                return;
            }
            if (seq > previous + 1) {
                sequenceGaps.inc();
                LOG.info("Stream {} skipped from chunk {} to {}", chunk.getStreamId(), previous, seq);
            }
        }
        lastSeq.update(seq);
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        if (b.hasArray() && b.arrayOffset() == 0 && b.position() == 0 && b.remaining() == b.array().length) {
            return b.array();
        }
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }
}

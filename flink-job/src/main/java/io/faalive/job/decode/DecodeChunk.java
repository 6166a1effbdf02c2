package io.faalive.job.decode;

import io.faalive.job.deadletter.DeadLetters;
import io.faalive.job.ingest.SourcedChunk;
import io.faalive.schemas.MediaChunk;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by streamId, after OrderChunks (so each stream's chunks arrive in order, once):
 * decodes each chunk with FFmpeg (see {@link ChunkDecoder}). Undecodable or truncated chunks
 * go to the dead-letter output with the reason; the job goes on. Holds no state.
 *
 * <p>Metrics: chunksDecoded, framesDecoded (kept for analysis), sourceFramesDecoded,
 * audioMillisDecoded, deadLetters, decodeLatencyMs.
 */
public final class DecodeChunk extends KeyedProcessFunction<String, SourcedChunk, DecodedChunk> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DecodeChunk.class);
    public static final String STAGE = "DecodeChunk";

    private final DecodeSettings settings;

    private transient ChunkDecoder decoder;
    private transient Counter chunksDecoded;
    private transient Counter framesDecoded;
    private transient Counter sourceFramesDecoded;
    private transient Counter audioMillisDecoded;
    private transient Counter deadLetters;
    private transient Histogram decodeLatencyMs;

    public DecodeChunk(DecodeSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        decoder = new ChunkDecoder(settings);
        var metrics = getRuntimeContext().getMetricGroup();
        chunksDecoded = metrics.counter("chunksDecoded");
        framesDecoded = metrics.counter("framesDecoded");
        sourceFramesDecoded = metrics.counter("sourceFramesDecoded");
        audioMillisDecoded = metrics.counter("audioMillisDecoded");
        deadLetters = metrics.counter("deadLetters");
        decodeLatencyMs = metrics.histogram("decodeLatencyMs", new DescriptiveStatisticsHistogram(1000));
    }

    @Override
    public void processElement(SourcedChunk in, Context ctx, Collector<DecodedChunk> out) throws Exception {
        MediaChunk chunk = in.chunk;
        DecodedChunk decoded;
        try {
            decoded = decoder.decode(bytesOf(chunk.getPayload()), chunk.getContainer(), chunk.getStartTsMs(),
                    chunk.getDurationMs());
        } catch (MediaDecodeException e) {
            deadLetters.inc();
            LOG.warn("Dead-lettering chunk {}#{} from {}: {}", chunk.getStreamId(), chunk.getSeq(), in.origin, e.getMessage());
            // ParseChunk lets through only records (payload and fields) that fit a dead letter whole
            ctx.output(DeadLetters.TAG, DeadLetters.of(in.origin, STAGE, e.kind().name(), e.getMessage(),
                    chunk.getStreamId(), chunk.getSeq(), Long.MAX_VALUE));
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

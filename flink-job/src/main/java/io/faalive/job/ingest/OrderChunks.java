package io.faalive.job.ingest;

import io.faalive.job.deadletter.DeadLetters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by streamId: hands each stream's chunks on in sequence order, so that decode, the
 * tracker and the VAD see media time move forward only.
 *
 * <ul>
 *   <li>The next chunk of a stream (seq one above the last handed on, or seq 0 of a new
 *       stream) goes on at once: in-order streams wait for nothing.</li>
 *   <li>A chunk after a gap is buffered until the gap fills or the watermark passes its
 *       media time (an event-time timer; the watermark trails by faa.watermark.out-of-orderness),
 *       then goes on with the gap counted.</li>
 *   <li>A chunk whose seq is at or below one already handed on is not decoded: a repeat of a
 *       seq handed on within the last {@link #REMEMBERED} chunks is dead-lettered as
 *       {@code DUPLICATE_CHUNK}, anything older as {@code LATE_CHUNK}; a repeat of a buffered
 *       seq is a duplicate too.</li>
 * </ul>
 *
 * <p>Lateness is judged within the stream, not against the job-wide watermark, so one slow
 * producer loses nothing while its chunks stay in order. State (last seq, buffered chunks,
 * recent seqs) expires after faa.state.stream-ttl of silence.
 *
 * <p>Metrics: chunksReordered, sequenceGaps, duplicateChunks, lateChunks.
 */
public final class OrderChunks extends KeyedProcessFunction<String, SourcedChunk, SourcedChunk> {

    private static final long serialVersionUID = 1L;
    public static final String STAGE = "OrderChunks";
    /** How many handed-on seqs a stream remembers to tell a duplicate from a late chunk. */
    static final int REMEMBERED = 256;

    private final Duration streamStateTtl;
    private final long maxOriginalBytes;

    private transient ValueState<Long> lastSeq;
    private transient MapState<Long, SourcedChunk> pending;
    private transient MapState<Long, Boolean> recent;
    private transient Counter reordered;
    private transient Counter gaps;
    private transient Counter duplicates;
    private transient Counter late;

    /** {@code maxOriginalBytes}: how much of a rejected record its dead letter keeps (faa.decode.max-chunk-size). */
    public OrderChunks(Duration streamStateTtl, long maxOriginalBytes) {
        this.streamStateTtl = streamStateTtl;
        this.maxOriginalBytes = maxOriginalBytes;
    }

    /** The buffered chunks' type: a Flink POJO whose MediaChunk field Flink serialises as Avro. */
    public static TypeInformation<SourcedChunk> chunkType() {
        return TypeInformation.of(SourcedChunk.class);
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl = StateTtlConfig.newBuilder(streamStateTtl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build();
        ValueStateDescriptor<Long> last = new ValueStateDescriptor<>("lastSeq", Types.LONG);
        last.enableTimeToLive(ttl);
        MapStateDescriptor<Long, SourcedChunk> buffered = new MapStateDescriptor<>("pending", Types.LONG, chunkType());
        buffered.enableTimeToLive(ttl);
        MapStateDescriptor<Long, Boolean> seen = new MapStateDescriptor<>("recentSeqs", Types.LONG, Types.BOOLEAN);
        seen.enableTimeToLive(ttl);
        lastSeq = getRuntimeContext().getState(last);
        pending = getRuntimeContext().getMapState(buffered);
        recent = getRuntimeContext().getMapState(seen);
        var metrics = getRuntimeContext().getMetricGroup();
        reordered = metrics.counter("chunksReordered");
        gaps = metrics.counter("sequenceGaps");
        duplicates = metrics.counter("duplicateChunks");
        late = metrics.counter("lateChunks");
    }

    @Override
    public void processElement(SourcedChunk in, Context ctx, Collector<SourcedChunk> out) throws Exception {
        long seq = in.chunk.getSeq();
        Long last = lastSeq.value();
        if (pending.contains(seq) || (last != null && seq <= last && recent.contains(seq))) {
            duplicates.inc();
            reject(in, "DUPLICATE_CHUNK", "seq " + seq + " of stream " + in.streamId() + " was already received", ctx);
            return;
        }
        if (last != null && seq <= last) {
            late.inc();
            reject(in, "LATE_CHUNK", "seq " + seq + " arrived after seq " + last + " of stream " + in.streamId()
                    + " was processed (later than faa.watermark.out-of-orderness allows)", ctx);
            return;
        }
        if ((last == null && seq == 0) || (last != null && seq == last + 1)) {
            handOn(in, out);
            releaseContiguous(out);
            return;
        }
        reordered.inc();
        pending.put(seq, in);
        ctx.timerService().registerEventTimeTimer(in.chunk.getStartTsMs());
    }

    /** The watermark passed a buffered chunk's media time: the gap before it will not fill in time. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SourcedChunk> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        for (SourcedChunk chunk : pendingInSeqOrder()) {
            if (chunk.chunk.getStartTsMs() > watermark && !isNext(chunk.chunk.getSeq())) {
                break;
            }
            pending.remove(chunk.chunk.getSeq());
            handOn(chunk, out);
        }
    }

    private void releaseContiguous(Collector<SourcedChunk> out) throws Exception {
        Long last = lastSeq.value();
        SourcedChunk next;
        while (last != null && (next = pending.get(last + 1)) != null) {
            pending.remove(last + 1);
            handOn(next, out);
            last = last + 1;
        }
    }

    private boolean isNext(long seq) throws Exception {
        Long last = lastSeq.value();
        return last != null && seq == last + 1;
    }

    private void handOn(SourcedChunk chunk, Collector<SourcedChunk> out) throws Exception {
        long seq = chunk.chunk.getSeq();
        Long last = lastSeq.value();
        if (last != null && seq > last + 1) {
            gaps.inc();
        }
        lastSeq.update(seq);
        recent.put(seq, Boolean.TRUE);
        recent.remove(seq - REMEMBERED);
        out.collect(chunk);
    }

    private List<SourcedChunk> pendingInSeqOrder() throws Exception {
        List<SourcedChunk> chunks = new ArrayList<>();
        for (Map.Entry<Long, SourcedChunk> e : pending.entries()) {
            chunks.add(e.getValue());
        }
        chunks.sort((a, b) -> Long.compare(a.chunk.getSeq(), b.chunk.getSeq()));
        return chunks;
    }

    private void reject(SourcedChunk in, String errorClass, String reason, Context ctx) {
        ctx.output(DeadLetters.TAG, DeadLetters.of(in.origin, STAGE, errorClass, reason, in.streamId(), in.chunk.getSeq(),
                maxOriginalBytes));
    }
}

package io.faalive.job.perception;

import io.faalive.serving.perception.PerceptionConfig;
import io.faalive.serving.track.FaceTracker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gives every face a stable track id per stream (IoU, bridged by the face embedding over
 * short gaps) and attaches a snapshot of each live track: box, embedding, mouth history, and
 * with the Light-ASD cue its recent crops. The tracker and the crops are keyed state
 * (checkpointed, expired after the stream TTL); crops of ended tracks and crops older than
 * the windows still to come are dropped as the stream goes on.
 */
public class TrackFaces extends KeyedProcessFunction<String, PerceivedChunk, PerceivedChunk> {

    private final PerceptionConfig config;
    private final Duration stateTtl;
    private transient ValueState<byte[]> tracker;
    private transient MapState<Long, CropHistory> crops;
    private transient Counter tracksStarted;

    public TrackFaces(PerceptionConfig config, Duration stateTtl) {
        this.config = config;
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<byte[]> descriptor = new ValueStateDescriptor<>("faceTracker", byte[].class);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl).build());
        tracker = getRuntimeContext().getState(descriptor);
        MapStateDescriptor<Long, CropHistory> cropsDescriptor = new MapStateDescriptor<>("asdCrops", Types.LONG,
                TypeInformation.of(CropHistory.class));
        cropsDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl).build());
        crops = getRuntimeContext().getMapState(cropsDescriptor);
        tracksStarted = getRuntimeContext().getMetricGroup().counter("tracksStarted");
    }

    @Override
    public void processElement(PerceivedChunk chunk, Context ctx, Collector<PerceivedChunk> out) throws Exception {
        byte[] bytes = tracker.value();
        FaceTracker t = bytes == null ? new FaceTracker(config.tracking()) : StateBytes.read(bytes);
        Map<Long, List<FaceRecord>> byFrame = new LinkedHashMap<>();
        for (FaceRecord f : chunk.faces) {
            byFrame.computeIfAbsent(f.tsMs, k -> new ArrayList<>()).add(f);
        }
        long lastId = t.tracks().stream().mapToLong(x -> x.id).max().orElse(0);
        Map<Long, CropHistory> streamCrops = new HashMap<>();
        for (Map.Entry<Long, CropHistory> e : crops.entries()) {
            streamCrops.put(e.getKey(), e.getValue());
        }
        for (Map.Entry<Long, List<FaceRecord>> frame : byFrame.entrySet()) {
            List<FaceTracker.Detection> detections = new ArrayList<>();
            for (FaceRecord f : frame.getValue()) {
                detections.add(new FaceTracker.Detection(f.x1, f.y1, f.x2, f.y2, f.embedding, f.good, f.mouthAperture));
            }
            long[] ids = t.update(frame.getKey(), detections);
            for (int i = 0; i < ids.length; i++) {
                FaceRecord f = frame.getValue().get(i);
                f.trackId = ids[i];
                if (ids[i] > lastId) {
                    tracksStarted.inc();
                    lastId = ids[i];
                }
                if (f.asdCrop != null) {
                    streamCrops.computeIfAbsent(ids[i], k -> new CropHistory()).add(f.tsMs, f.asdCrop);
                    f.asdCrop = null;
                }
            }
        }
        long horizon = chunk.startTsMs + chunk.durationMs - config.windowMs() - 2L * config.hopMs() - 1000;
        for (Map.Entry<Long, CropHistory> e : streamCrops.entrySet()) {
            if (t.track(e.getKey()) == null || !e.getValue().keepFrom(horizon)) {
                crops.remove(e.getKey());
            } else {
                crops.put(e.getKey(), e.getValue());
            }
        }
        streamCrops.keySet().removeIf(id -> t.track(id) == null || streamCrops.get(id).tsMs.length == 0);
        chunk.tracks = t.tracks().stream().map(x -> snapshot(x, streamCrops.get(x.id))).toArray(TrackSnapshot[]::new);
        tracker.update(StateBytes.write(t));
        out.collect(chunk);
    }

    private static TrackSnapshot snapshot(FaceTracker.Track t, CropHistory crops) {
        TrackSnapshot s = new TrackSnapshot();
        s.trackId = t.id;
        s.x1 = t.x1;
        s.y1 = t.y1;
        s.x2 = t.x2;
        s.y2 = t.y2;
        s.lastTsMs = t.lastTsMs;
        s.goodFrames = t.goodFrames;
        s.embedding = t.embedding();
        s.mouthTsMs = new long[t.mouth.size()];
        s.mouth = new float[t.mouth.size()];
        for (int i = 0; i < t.mouth.size(); i++) {
            s.mouthTsMs[i] = t.mouth.get(i)[0];
            s.mouth[i] = Float.intBitsToFloat((int) t.mouth.get(i)[1]);
        }
        if (crops != null) {
            s.cropTsMs = crops.tsMs.clone();
            s.crops = crops.crops.clone();
        }
        return s;
    }
}

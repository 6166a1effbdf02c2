package io.faalive.job.tracks;

import io.faalive.job.faces.EmbeddedFace;
import io.faalive.job.faces.EmbeddedFaces;
import io.faalive.job.faces.FaceBox;
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
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gives every face a stable track id per stream (IoU, bridged by the face embedding over
 * short gaps) and reports each live track: box, embedding, mouth history, and with the
 * Light-ASD cue its recent crops. The tracker ({@link FaceTracker.State}) and the crops
 * ({@link CropHistory}) are keyed state with POJO serializers, expired after the stream TTL;
 * crops of ended tracks and crops older than the windows still to come are dropped as the
 * stream goes on.
 */
public class TrackFaces extends KeyedProcessFunction<String, EmbeddedFaces, TrackedFaces> {

    private final PerceptionConfig config;
    private final Duration stateTtl;
    private transient ValueState<FaceTracker.State> tracker;
    private transient MapState<Long, CropHistory> crops;
    private transient Counter tracksStarted;

    public TrackFaces(PerceptionConfig config, Duration stateTtl) {
        this.config = config;
        this.stateTtl = stateTtl;
    }

    /** The tracker state's type: a POJO, so it evolves with Flink's POJO schema evolution. */
    public static TypeInformation<FaceTracker.State> trackerType() {
        return TypeInformation.of(FaceTracker.State.class);
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl = StateTtlConfig.newBuilder(stateTtl).build();
        ValueStateDescriptor<FaceTracker.State> descriptor = new ValueStateDescriptor<>("faceTracker", trackerType());
        descriptor.enableTimeToLive(ttl);
        tracker = getRuntimeContext().getState(descriptor);
        MapStateDescriptor<Long, CropHistory> cropsDescriptor = new MapStateDescriptor<>("asdCrops", Types.LONG,
                TypeInformation.of(CropHistory.class));
        cropsDescriptor.enableTimeToLive(ttl);
        crops = getRuntimeContext().getMapState(cropsDescriptor);
        tracksStarted = getRuntimeContext().getMetricGroup().counter("tracksStarted");
    }

    @Override
    public void processElement(EmbeddedFaces in, Context ctx, Collector<TrackedFaces> out) throws Exception {
        FaceTracker.State saved = tracker.value();
        FaceTracker t = saved == null ? new FaceTracker(config.tracking()) : new FaceTracker(config.tracking(), saved);
        Map<Long, CropHistory> streamCrops = new HashMap<>();
        for (Map.Entry<Long, CropHistory> e : crops.entries()) {
            streamCrops.put(e.getKey(), e.getValue());
        }
        List<TrackedFace> tracked = new ArrayList<>();
        for (List<EmbeddedFace> frame : byFrame(in.faces()).values()) {
            List<FaceTracker.Detection> detections = new ArrayList<>();
            for (EmbeddedFace f : frame) {
                FaceBox b = f.box();
                detections.add(new FaceTracker.Detection(b.x1(), b.y1(), b.x2(), b.y2(), f.embedding(), f.good(), f.mouthAperture(),
                        f.motionTsMs(), f.motion()));
            }
            long[] ids = t.update(frame.get(0).tsMs(), detections);
            for (int i = 0; i < ids.length; i++) {
                EmbeddedFace f = frame.get(i);
                tracked.add(new TrackedFace(f.tsMs(), ids[i], f.box()));
                if (f.asdCrop() != null) {
                    streamCrops.computeIfAbsent(ids[i], k -> new CropHistory()).add(f.tsMs(), f.asdCrop());
                }
            }
        }
        long horizon = in.chunk().endTsMs() - config.windowMs() - 2L * config.hopMs() - 1000;
        for (Map.Entry<Long, CropHistory> e : streamCrops.entrySet()) {
            if (t.track(e.getKey()) == null || !e.getValue().keepFrom(horizon)) {
                crops.remove(e.getKey());
            } else {
                crops.put(e.getKey(), e.getValue());
            }
        }
        LiveTrack[] live = t.tracks().stream().map(x -> live(x, streamCrops.get(x.id))).toArray(LiveTrack[]::new);
        FaceTracker.State after = t.state();
        tracksStarted.inc(after.nextId - (saved == null ? 1 : saved.nextId));
        tracker.update(after);
        out.collect(new TrackedFaces(in.chunk(), in.audio(), tracked.toArray(new TrackedFace[0]), live));
    }

    /** The faces grouped by frame, frames in media order as DetectFaces emitted them. */
    private static Map<Long, List<EmbeddedFace>> byFrame(EmbeddedFace[] faces) {
        Map<Long, List<EmbeddedFace>> byFrame = new LinkedHashMap<>();
        for (EmbeddedFace f : faces) {
            byFrame.computeIfAbsent(f.tsMs(), k -> new ArrayList<>()).add(f);
        }
        return byFrame;
    }

    private static LiveTrack live(FaceTracker.Track t, CropHistory crops) {
        boolean hasCrops = crops != null && crops.tsMs.length > 0;
        return new LiveTrack(t.id, new FaceBox(t.x1, t.y1, t.x2, t.y2), t.lastTsMs, t.goodFrames, t.embedding(),
                t.mouthTsMs.clone(), t.mouth.clone(), hasCrops ? crops.tsMs.clone() : new long[0],
                hasCrops ? crops.crops.clone() : new byte[0][]);
    }
}

package io.faalive.job.faces;

import io.faalive.job.config.PerceptionSettings;
import io.faalive.job.decode.ChunkAudio;
import io.faalive.job.decode.ChunkInfo;
import io.faalive.job.decode.DecodedChunk;
import io.faalive.job.decode.GrayFrame;
import io.faalive.job.decode.VideoFrame;
import io.faalive.serving.inference.SharedModels;
import io.faalive.serving.perception.PerceptionConfig;
import io.faalive.serving.perception.PerceptionModels;
import io.faalive.serving.sync.MouthMotion;
import io.faalive.serving.vision.BgrImage;
import io.faalive.serving.vision.Crops;
import io.faalive.serving.vision.FaceAnalyzer;
import io.faalive.serving.vision.FaceObservation;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Finds the faces of every analysis frame: detector, landmarks, alignment, quality gate,
 * mouth aperture. Good faces keep their aligned crop for EmbedFaces; frames go no further.
 * One detector per TaskManager, shared by its subtasks.
 */
public class DetectFaces extends RichMapFunction<DecodedChunk, DetectedFaces> {

    private final PerceptionConfig config;
    private transient SharedModels.Lease<FaceAnalyzer> analyzer;
    private transient Counter facesDetected;
    private transient Counter goodFaces;
    private transient Histogram detectLatencyMs;

    public DetectFaces(PerceptionConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        PerceptionConfig c = PerceptionSettings.onDevice(config, getRuntimeContext());
        analyzer = SharedModels.acquire("faces/" + c, () -> PerceptionModels.faceAnalyzer(c));
        var metrics = getRuntimeContext().getMetricGroup();
        facesDetected = metrics.counter("facesDetected");
        goodFaces = metrics.counter("goodFaces");
        detectLatencyMs = metrics.histogram("detectLatencyMs", new DescriptiveStatisticsHistogram(1000));
    }

    @Override
    public DetectedFaces map(DecodedChunk in) {
        long start = System.nanoTime();
        List<DetectedFace> faces = new ArrayList<>();
        VideoFrame[] frames = in.frames == null ? new VideoFrame[0] : in.frames;
        GrayFrame[] motion = in.motionFrames == null ? new GrayFrame[0] : in.motionFrames;
        int[] nearest = nearestAnalysisFrame(frames, motion);
        for (int k = 0; k < frames.length; k++) {
            VideoFrame frame = frames[k];
            BgrImage image = new BgrImage(frame.width, frame.height, frame.bgr);
            for (FaceObservation o : analyzer.get().analyze(image)) {
                faces.add(face(frame.tsMs, image, o, motionSeries(o, motion, nearest, k)));
            }
        }
        facesDetected.inc(faces.size());
        if (frames.length > 0) {
            detectLatencyMs.update((System.nanoTime() - start) / 1_000_000);
        }
        return new DetectedFaces(ChunkInfo.of(in), ChunkAudio.of(in), faces.toArray(new DetectedFace[0]));
    }

    /** For each motion frame, the analysis frame nearest in time (-1 without analysis frames). */
    static int[] nearestAnalysisFrame(VideoFrame[] frames, GrayFrame[] motion) {
        int[] out = new int[motion.length];
        int k = 0;
        for (int i = 0; i < motion.length; i++) {
            while (k + 1 < frames.length && Math.abs(frames[k + 1].tsMs - motion[i].tsMs) <= Math.abs(frames[k].tsMs - motion[i].tsMs)) {
                k++;
            }
            out[i] = frames.length == 0 ? -1 : k;
        }
        return out;
    }

    /**
     * The face's mouth motion on the motion frames nearest analysis frame {@code k}, measured in
     * the box found there (a face moves little in the 100 ms either side); null without motion frames.
     */
    private static MotionSamples motionSeries(FaceObservation o, GrayFrame[] motion, int[] nearest, int k) {
        if (motion.length == 0) {
            return null;
        }
        List<Integer> mine = new ArrayList<>();
        for (int i = 1; i < motion.length; i++) {
            if (nearest[i] == k) {
                mine.add(i);
            }
        }
        long[] ts = new long[mine.size()];
        float[] values = new float[mine.size()];
        for (int j = 0; j < ts.length; j++) {
            GrayFrame a = motion[mine.get(j) - 1];
            GrayFrame b = motion[mine.get(j)];
            ts[j] = b.tsMs;
            values[j] = MouthMotion.between(a.gray, b.gray, b.width, b.height, o.box().x1(), o.box().y1(), o.box().x2(), o.box().y2());
        }
        return new MotionSamples(ts, values);
    }

    private record MotionSamples(long[] tsMs, float[] values) {}

    private DetectedFace face(long tsMs, BgrImage image, FaceObservation o, MotionSamples motion) {
        boolean good = o.quality().good();
        if (good) {
            goodFaces.inc();
        }
        byte[] asdCrop = config.syncCue() == PerceptionConfig.SyncCue.LIGHT_ASD ? Crops.activeSpeakerCrop(image, o.box()) : null;
        return new DetectedFace(tsMs, new FaceBox(o.box().x1(), o.box().y1(), o.box().x2(), o.box().y2()), o.box().score(),
                o.mouthOpening(), good, o.quality().yaw(), o.quality().sharpness(), good ? o.aligned().bgr() : null, asdCrop,
                motion == null ? null : motion.tsMs(), motion == null ? null : motion.values());
    }

    @Override
    public void close() throws Exception {
        if (analyzer != null) {
            analyzer.close();
        }
        super.close();
    }
}

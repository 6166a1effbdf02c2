package io.faalive.job.faces;

import io.faalive.job.config.PerceptionSettings;
import io.faalive.job.decode.ChunkAudio;
import io.faalive.job.decode.ChunkInfo;
import io.faalive.job.decode.DecodedChunk;
import io.faalive.job.decode.VideoFrame;
import io.faalive.serving.inference.SharedModels;
import io.faalive.serving.perception.PerceptionConfig;
import io.faalive.serving.perception.PerceptionModels;
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
        for (VideoFrame frame : frames) {
            BgrImage image = new BgrImage(frame.width, frame.height, frame.bgr);
            for (FaceObservation o : analyzer.get().analyze(image)) {
                faces.add(face(frame.tsMs, image, o));
            }
        }
        facesDetected.inc(faces.size());
        if (frames.length > 0) {
            detectLatencyMs.update((System.nanoTime() - start) / 1_000_000);
        }
        return new DetectedFaces(ChunkInfo.of(in), ChunkAudio.of(in), faces.toArray(new DetectedFace[0]));
    }

    private DetectedFace face(long tsMs, BgrImage image, FaceObservation o) {
        boolean good = o.quality().good();
        if (good) {
            goodFaces.inc();
        }
        byte[] asdCrop = config.syncCue() == PerceptionConfig.SyncCue.LIGHT_ASD ? Crops.activeSpeakerCrop(image, o.box()) : null;
        return new DetectedFace(tsMs, new FaceBox(o.box().x1(), o.box().y1(), o.box().x2(), o.box().y2()), o.box().score(),
                o.mouthOpening(), good, o.quality().yaw(), o.quality().sharpness(), good ? o.aligned().bgr() : null, asdCrop);
    }

    @Override
    public void close() throws Exception {
        if (analyzer != null) {
            analyzer.close();
        }
        super.close();
    }
}

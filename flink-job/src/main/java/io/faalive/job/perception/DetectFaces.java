package io.faalive.job.perception;

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
 * mouth aperture. Good faces keep their aligned crop for EmbedFaces; frames are dropped here.
 * One detector per TaskManager, shared by its subtasks.
 */
public class DetectFaces extends RichMapFunction<DecodedChunk, PerceivedChunk> {

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
    public PerceivedChunk map(DecodedChunk in) {
        long start = System.nanoTime();
        PerceivedChunk out = new PerceivedChunk();
        out.streamId = in.streamId;
        out.seq = in.seq;
        out.startTsMs = in.startTsMs;
        out.durationMs = in.durationMs;
        out.producerTimeMs = in.producerTimeMs;
        out.pcm = in.pcm;
        out.sampleRate = in.sampleRate;
        out.audioStartTsMs = in.audioStartTsMs;
        List<FaceRecord> faces = new ArrayList<>();
        VideoFrame[] frames = in.frames == null ? new VideoFrame[0] : in.frames;
        out.frames = frames.length;
        for (VideoFrame frame : frames) {
            out.frameWidth = frame.width;
            out.frameHeight = frame.height;
            BgrImage image = new BgrImage(frame.width, frame.height, frame.bgr);
            for (FaceObservation o : analyzer.get().analyze(image)) {
                faces.add(record(frame.tsMs, image, o));
            }
        }
        out.faces = faces.toArray(new FaceRecord[0]);
        facesDetected.inc(out.faces.length);
        if (frames.length > 0) {
            detectLatencyMs.update((System.nanoTime() - start) / 1_000_000);
        }
        return out;
    }

    private FaceRecord record(long tsMs, BgrImage image, FaceObservation o) {
        FaceRecord f = new FaceRecord();
        f.tsMs = tsMs;
        f.x1 = o.box().x1();
        f.y1 = o.box().y1();
        f.x2 = o.box().x2();
        f.y2 = o.box().y2();
        f.score = o.box().score();
        f.mouthAperture = o.mouthOpening();
        f.good = o.quality().good();
        f.yaw = o.quality().yaw();
        f.sharpness = o.quality().sharpness();
        if (f.good) {
            f.aligned = o.aligned().bgr();
            goodFaces.inc();
        }
        if (config.syncCue() == PerceptionConfig.SyncCue.LIGHT_ASD) {
            f.asdCrop = Crops.activeSpeakerCrop(image, o.box());
        }
        return f;
    }

    @Override
    public void close() throws Exception {
        if (analyzer != null) {
            analyzer.close();
        }
        super.close();
    }
}

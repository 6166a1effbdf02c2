package io.faalive.job.perception;

import io.faalive.schemas.PerceptionWindow;
import io.faalive.schemas.TrackObservation;
import io.faalive.serving.inference.SharedModels;
import io.faalive.serving.perception.PerceptionConfig;
import io.faalive.serving.perception.PerceptionModels;
import io.faalive.serving.sync.EnvelopeSync;
import io.faalive.serving.sync.LightAsdSync;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * The Sync stage: for every window of a chunk and every track seen in it, the audio-visual
 * sync score (mouth-aperture/speech-envelope correlation, or Light-ASD's mean speaking logit),
 * then one {@link PerceptionWindow} record per window.
 */
public class ScoreSync extends RichFlatMapFunction<PerceivedChunk, PerceptionWindow> {

    private final PerceptionConfig config;
    private transient EnvelopeSync envelope;
    private transient SharedModels.Lease<LightAsdSync> lightAsd;
    private transient Counter recordsEmitted;

    public ScoreSync(PerceptionConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        envelope = EnvelopeSync.defaults();
        if (config.syncCue() == PerceptionConfig.SyncCue.LIGHT_ASD) {
            PerceptionConfig c = PerceptionSettings.onDevice(config, getRuntimeContext());
            lightAsd = SharedModels.acquire("light-asd/" + c.asdModel() + "/" + c.device(), () -> PerceptionModels.lightAsd(c));
        }
        recordsEmitted = getRuntimeContext().getMetricGroup().counter("perceptionRecords");
    }

    @Override
    public void flatMap(PerceivedChunk chunk, Collector<PerceptionWindow> out) {
        for (WindowRecord w : chunk.windows) {
            List<TrackObservation> tracks = new ArrayList<>();
            for (TrackSnapshot t : chunk.tracks) {
                int seen = 0;
                List<float[]> mouth = new ArrayList<>();
                for (int i = 0; i < t.mouthTsMs.length; i++) {
                    if (t.mouthTsMs[i] >= w.startTsMs && t.mouthTsMs[i] < w.endTsMs) {
                        mouth.add(new float[] {t.mouthTsMs[i] - w.startTsMs, t.mouth[i]});
                        seen++;
                    }
                }
                if (seen == 0) {
                    continue;
                }
                double sync = w.samples == null || !w.speech ? Double.NaN
                        : lightAsd != null ? lightAsdScore(t, w) : envelope.score(mouth, w.samples, 0);
                tracks.add(TrackObservation.newBuilder()
                        .setTrackId(t.trackId)
                        .setX(clamp(t.x1 / Math.max(1, chunk.frameWidth)))
                        .setY(clamp(t.y1 / Math.max(1, chunk.frameHeight)))
                        .setWidth(clamp((t.x2 - t.x1) / Math.max(1, chunk.frameWidth)))
                        .setHeight(clamp((t.y2 - t.y1) / Math.max(1, chunk.frameHeight)))
                        .setFrames(seen)
                        .setGoodFrames(t.goodFrames)
                        .setFaceEmbedding(boxed(t.embedding))
                        .setMouthActivity(std(mouth))
                        .setSyncScore(Double.isNaN(sync) ? null : (float) sync)
                        .build());
            }
            out.collect(PerceptionWindow.newBuilder()
                    .setStreamId(chunk.streamId)
                    .setWindowStartTsMs(w.startTsMs)
                    .setWindowEndTsMs(w.endTsMs)
                    .setSpeechShare(w.speechShare)
                    .setSpeech(w.speech)
                    .setVoiceEmbedding(boxed(w.voiceEmbedding))
                    .setVoiceEmbedder(config.voiceEmbedderName())
                    .setFrameWidth(chunk.frameWidth)
                    .setFrameHeight(chunk.frameHeight)
                    .setTracks(tracks)
                    .setSyncCue(config.syncCue() == PerceptionConfig.SyncCue.LIGHT_ASD ? "light-asd" : "envelope")
                    .setEmitTimeMs(System.currentTimeMillis())
                    .build());
            recordsEmitted.inc();
            w.samples = null;
        }
    }

    /** Light-ASD over the window: the track's crops resampled to 25 fps by nearest frame. */
    private double lightAsdScore(TrackSnapshot t, WindowRecord w) {
        if (t.crops == null || t.crops.length == 0) {
            return Double.NaN;
        }
        int frames = (int) ((w.endTsMs - w.startTsMs) * LightAsdSync.FPS / 1000);
        byte[][] faces = new byte[frames][];
        int have = 0;
        for (int f = 0; f < frames; f++) {
            long ts = w.startTsMs + f * 1000L / LightAsdSync.FPS;
            int best = -1;
            long bestDistance = 200;
            for (int i = 0; i < t.cropTsMs.length; i++) {
                long d = Math.abs(t.cropTsMs[i] - ts);
                if (d <= bestDistance) {
                    bestDistance = d;
                    best = i;
                }
            }
            if (best >= 0) {
                faces[f] = t.crops[best];
                have++;
            }
        }
        if (have < frames / 2) {
            return Double.NaN;
        }
        for (int f = 0; f < frames; f++) {
            if (faces[f] == null) {
                faces[f] = faces[f > 0 && faces[f - 1] != null ? f - 1 : firstPresent(faces)];
            }
        }
        float[] logits = lightAsd.get().logits(faces, lightAsd.get().mfcc(w.samples));
        double sum = 0;
        for (float l : logits) {
            sum += l;
        }
        return sum / logits.length;
    }

    private static int firstPresent(byte[][] faces) {
        for (int i = 0; i < faces.length; i++) {
            if (faces[i] != null) {
                return i;
            }
        }
        return 0;
    }

    private static float clamp(float v) {
        return Math.max(0f, Math.min(1f, v));
    }

    private static float std(List<float[]> rows) {
        if (rows.size() < 2) {
            return 0f;
        }
        double mean = 0;
        for (float[] r : rows) {
            mean += r[1] / rows.size();
        }
        double var = 0;
        for (float[] r : rows) {
            var += (r[1] - mean) * (r[1] - mean) / rows.size();
        }
        return (float) Math.sqrt(var);
    }

    private static List<Float> boxed(float[] v) {
        if (v == null) {
            return null;
        }
        List<Float> out = new ArrayList<>(v.length);
        for (float x : v) {
            out.add(x);
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        if (lightAsd != null) {
            lightAsd.close();
        }
        super.close();
    }
}

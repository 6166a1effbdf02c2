package io.faalive.job.sync;

import io.faalive.job.config.PerceptionSettings;
import io.faalive.job.decode.ChunkInfo;
import io.faalive.job.speech.AudioWindow;
import io.faalive.job.speech.VoicedWindows;
import io.faalive.job.tracks.LiveTrack;
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
 * then one {@link WindowObservation} per window. Window samples go no further.
 */
public class ScoreSync extends RichFlatMapFunction<VoicedWindows, WindowObservation> {

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
    public void flatMap(VoicedWindows in, Collector<WindowObservation> out) {
        ChunkInfo chunk = in.chunk();
        String cue = config.syncCue() == PerceptionConfig.SyncCue.LIGHT_ASD ? "light-asd" : "envelope";
        for (int k = 0; k < in.windows().length; k++) {
            AudioWindow w = in.windows()[k];
            List<TrackInWindow> tracks = new ArrayList<>();
            for (LiveTrack t : in.tracks()) {
                List<float[]> mouth = new ArrayList<>();
                for (int i = 0; i < t.mouthTsMs().length; i++) {
                    if (t.mouthTsMs()[i] >= w.startTsMs() && t.mouthTsMs()[i] < w.endTsMs()) {
                        mouth.add(new float[] {t.mouthTsMs()[i] - w.startTsMs(), t.mouth()[i]});
                    }
                }
                if (mouth.isEmpty()) {
                    continue;
                }
                double sync = !w.speech() ? Double.NaN
                        : lightAsd != null ? lightAsdScore(t, w) : envelope.score(mouth, w.samples(), 0);
                float fw = Math.max(1, chunk.frameWidth());
                float fh = Math.max(1, chunk.frameHeight());
                tracks.add(new TrackInWindow(t.trackId(), clamp(t.box().x1() / fw), clamp(t.box().y1() / fh),
                        clamp(t.box().width() / fw), clamp(t.box().height() / fh), mouth.size(), t.goodFrames(),
                        t.embedding(), std(mouth), (float) sync));
            }
            out.collect(new WindowObservation(chunk.streamId(), w.startTsMs(), w.endTsMs(), w.speechShare(), w.speech(),
                    in.voices()[k], config.voiceEmbedderName(), chunk.frameWidth(), chunk.frameHeight(),
                    tracks.toArray(new TrackInWindow[0]), cue, chunk.producerTimeMs(), System.currentTimeMillis(), w.speechSpans()));
            recordsEmitted.inc();
        }
    }

    /** Light-ASD over the window: the track's crops resampled to 25 fps by nearest frame. */
    private double lightAsdScore(LiveTrack t, AudioWindow w) {
        if (t.crops().length == 0) {
            return Double.NaN;
        }
        int frames = (int) ((w.endTsMs() - w.startTsMs()) * LightAsdSync.FPS / 1000);
        byte[][] faces = new byte[frames][];
        int have = 0;
        for (int f = 0; f < frames; f++) {
            long ts = w.startTsMs() + f * 1000L / LightAsdSync.FPS;
            int best = -1;
            long bestDistance = 200;
            for (int i = 0; i < t.cropTsMs().length; i++) {
                long d = Math.abs(t.cropTsMs()[i] - ts);
                if (d <= bestDistance) {
                    bestDistance = d;
                    best = i;
                }
            }
            if (best >= 0) {
                faces[f] = t.crops()[best];
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
        float[] logits = lightAsd.get().logits(faces, lightAsd.get().mfcc(w.samples()));
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

    @Override
    public void close() throws Exception {
        if (lightAsd != null) {
            lightAsd.close();
        }
        super.close();
    }
}

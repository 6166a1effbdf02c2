package io.faalive.serving.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.faalive.serving.audio.SileroVad;
import io.faalive.serving.audio.SpeechSegmenter;
import io.faalive.serving.runtime.KnownModel;
import io.faalive.serving.runtime.NetModel;
import io.faalive.serving.testing.AudioFiles;
import io.faalive.serving.testing.Fixtures;
import io.faalive.serving.testing.VideoFiles;
import io.faalive.serving.vision.BgrImage;
import io.faalive.serving.vision.FaceAnalyzer;
import io.faalive.serving.vision.FaceObservation;
import io.faalive.serving.vision.FaceQuality;
import io.faalive.serving.vision.Landmarks68;
import io.faalive.serving.vision.UltraFaceDetector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both sync cues on the Light-ASD face tracks: during speech (Silero VAD), how often the
 * speaking track (00000) scores above the listener (00001). The target is 80% of
 * speech frames; the assertions guard against regressions at 75% and the test prints the
 * measured share (see the closing note of issue 4 for how close to the target each cue is).
 */
class SyncCueTest {

    static List<BgrImage> speaker;
    static List<BgrImage> listener;
    static float[] audio;
    static List<Integer> speechFrames;

    @BeforeAll
    static void load() throws Exception {
        speaker = VideoFiles.read(Fixtures.file("media/asd_face_tracks/00000.avi"));
        listener = VideoFiles.read(Fixtures.file("media/asd_face_tracks/00001.avi"));
        audio = AudioFiles.read16k(Fixtures.file("media/asd_face_tracks/00000.wav"));
        List<SpeechSegmenter.Segment> segments = new ArrayList<>();
        try (SileroVad vad = new SileroVad(NetModel.load(Fixtures.model(KnownModel.SILERO_VAD).file()))) {
            SpeechSegmenter segmenter = new SpeechSegmenter(new SpeechSegmenter.Settings(0.5f, 0.35f, 300, 250), SileroVad.FRAME_MS);
            segments.addAll(segmenter.push(vad.process(new SileroVad.State(), audio)));
            segments.addAll(segmenter.flush());
        }
        int frames = Math.min(speaker.size(), listener.size());
        speechFrames = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            long ms = f * 40L + 20;
            if (segments.stream().anyMatch(s -> ms >= s.startMs() && ms < s.endMs())) {
                speechFrames.add(f);
            }
        }
        System.out.printf("sync fixture: %d frames, %d in speech (%s)%n", frames, speechFrames.size(), segments);
    }

    @Test
    void mouthEnvelopeCorrelationPicksTheSpeaker() {
        float[] mouthSpeaker;
        float[] mouthListener;
        try (FaceAnalyzer faces = new FaceAnalyzer(
                new UltraFaceDetector(NetModel.load(Fixtures.model(KnownModel.ULTRAFACE).file()), 0.5f, 0.4f),
                new Landmarks68(NetModel.load(KnownModel.LANDMARKS_68.file())), new FaceQuality(32f, 0.45f, 20f))) {
            mouthSpeaker = mouth(speaker, faces);
            mouthListener = mouth(listener, faces);
        }
        EnvelopeSync sync = EnvelopeSync.defaults();
        int wins = 0;
        for (int f : speechFrames) {
            double a = windowScore(sync, mouthSpeaker, f);
            double b = windowScore(sync, mouthListener, f);
            if (!Double.isNaN(a) && (Double.isNaN(b) || a > b)) {
                wins++;
            }
        }
        double share = wins / (double) speechFrames.size();
        System.out.printf("envelope sync: speaker above listener on %.1f%% of speech frames%n", 100 * share);
        assertThat(share).isGreaterThanOrEqualTo(0.75);
    }

    @Test
    void lightAsdPicksTheSpeaker() {
        Fixtures.model(KnownModel.LIGHT_ASD);
        try (LightAsdSync asd = new LightAsdSync(NetModel.load(KnownModel.LIGHT_ASD.file()), NetModel.load(KnownModel.LIGHT_ASD_HEAD.file()))) {
            float[][] mfcc = asd.mfcc(audio);
            float[] a = logits(asd, speaker, mfcc);
            float[] b = logits(asd, listener, mfcc);
            int wins = 0;
            for (int f : speechFrames) {
                if (a[f] > b[f]) {
                    wins++;
                }
            }
            double share = wins / (double) speechFrames.size();
            System.out.printf("Light-ASD sync: speaker above listener on %.1f%% of speech frames%n", 100 * share);
            assertThat(share).isGreaterThanOrEqualTo(0.75);
        }
    }

    /** The envelope score over the 1 s centred on frame {@code f}. */
    private static double windowScore(EnvelopeSync sync, float[] mouth, int f) {
        List<float[]> rows = new ArrayList<>();
        for (int i = Math.max(0, f - 12); i <= Math.min(mouth.length - 1, f + 12); i++) {
            if (!Float.isNaN(mouth[i])) {
                rows.add(new float[] {i * 40f + 20, mouth[i]});
            }
        }
        return sync.score(rows, audio, 0);
    }

    private static float[] mouth(List<BgrImage> frames, FaceAnalyzer faces) {
        float[] out = new float[frames.size()];
        for (int f = 0; f < frames.size(); f++) {
            FaceObservation face = faces.analyze(frames.get(f)).stream()
                    .max(Comparator.comparingDouble(o -> o.box().area())).orElse(null);
            out[f] = face == null ? Float.NaN : face.mouthOpening();
        }
        return out;
    }

    /** Light-ASD on 4 s pieces of the track (the crops are already Light-ASD's 224 px crops: take the centre). */
    private static float[] logits(LightAsdSync asd, List<BgrImage> frames, float[][] mfcc) {
        float[] out = new float[frames.size()];
        for (int start = 0; start < frames.size(); start += 100) {
            int n = Math.min(100, frames.size() - start);
            if (4 * (start + n) > mfcc.length) {
                n = mfcc.length / 4 - start;
            }
            if (n <= 0) {
                break;
            }
            byte[][] crops = new byte[n][];
            for (int i = 0; i < n; i++) {
                BgrImage img = frames.get(start + i);
                crops[i] = io.faalive.serving.vision.Crops.graySquare(img, img.width() / 2f, img.height() / 2f, img.width() / 2f, 112);
            }
            float[][] piece = java.util.Arrays.copyOfRange(mfcc, 4 * start, 4 * (start + n));
            System.arraycopy(asd.logits(crops, piece), 0, out, start, n);
        }
        return out;
    }
}

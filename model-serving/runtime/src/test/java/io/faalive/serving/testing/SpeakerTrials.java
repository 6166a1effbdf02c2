package io.faalive.serving.testing;

import io.faalive.serving.audio.SileroVad;
import io.faalive.serving.audio.SpeechSegmenter;
import io.faalive.serving.audio.SpeechWindower;
import io.faalive.serving.audio.VoiceVectors;
import io.faalive.serving.metrics.Metrics;
import io.faalive.serving.runtime.KnownModel;
import io.faalive.serving.runtime.NetModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/** Speaker-verification helpers shared by the voice-embedding tests: EER over all pairs, cluster purity, speech windows. */
public final class SpeakerTrials {

    private SpeakerTrials() {}

    /** EER of cosine scores over every pair of vectors; pairs for which {@code excluded} holds are left out. */
    public static double eer(float[][] v, List<String> speakers, BiPredicate<String, String> excluded) {
        List<Double> scores = new ArrayList<>();
        List<Boolean> same = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            for (int j = i + 1; j < v.length; j++) {
                if (excluded.test(speakers.get(i), speakers.get(j))) {
                    continue;
                }
                scores.add(VoiceVectors.cosine(v[i], v[j]));
                same.add(speakers.get(i).equals(speakers.get(j)));
            }
        }
        boolean[] positive = new boolean[same.size()];
        for (int i = 0; i < positive.length; i++) {
            positive[i] = same.get(i);
        }
        return Metrics.eer(scores.stream().mapToDouble(Double::doubleValue).toArray(), positive);
    }

    /** Share of items whose cluster's majority label is their own. */
    public static double purity(int[] cluster, List<String> labels) {
        Map<Integer, Map<String, Integer>> counts = new HashMap<>();
        for (int i = 0; i < cluster.length; i++) {
            counts.computeIfAbsent(cluster[i], k -> new HashMap<>()).merge(labels.get(i), 1, Integer::sum);
        }
        int majority = counts.values().stream().mapToInt(m -> m.values().stream().mapToInt(Integer::intValue).max().orElse(0)).sum();
        return majority / (double) cluster.length;
    }

    /** Audio windows and who speaks in each. */
    public record Labelled(List<float[]> samples, List<String> labels) {}

    /**
     * The single-speaker analysis windows of the two-speaker conversation fixture
     * (pyannote_sample.wav): windows where one speaker of the RTTM covers at least half.
     */
    public static Labelled conversationWindows() throws java.io.IOException {
        float[] audio = AudioFiles.read16k(Fixtures.file("media/audio/pyannote_sample.wav"));
        Rttm truth = Rttm.read(Fixtures.file("media/audio/pyannote_sample.rttm"));
        List<float[]> samples = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (SpeechWindower.Window w : windows(audio)) {
            String speaker = truth.dominant(w.startMs() / 1000.0, w.endMs() / 1000.0, 0.5);
            if (speaker != null) {
                samples.add(java.util.Arrays.copyOfRange(audio, (int) (w.startMs() * 16), (int) (w.endMs() * 16)));
                labels.add(speaker);
            }
        }
        return new Labelled(samples, labels);
    }

    /** The job's analysis windows (Silero VAD, 1.5 s every 0.5 s) of 16 kHz audio, each with its speech share. */
    public static List<SpeechWindower.Window> windows(float[] audio) {
        try (SileroVad vad = new SileroVad(NetModel.load(Fixtures.model(KnownModel.SILERO_VAD).file()))) {
            SpeechSegmenter segmenter = new SpeechSegmenter(new SpeechSegmenter.Settings(0.5f, 0.35f, 300, 250), SileroVad.FRAME_MS);
            List<SpeechSegmenter.Segment> segments = new ArrayList<>(segmenter.push(vad.process(new SileroVad.State(), audio)));
            segments.addAll(segmenter.flush());
            return new SpeechWindower(1500, 500, 0.5f).advance(segments, -1, audio.length / 16);
        }
    }
}

package io.faalive.serving.eval;

import io.faalive.serving.data.Split;
import io.faalive.serving.data.TrialGenerator;
import io.faalive.serving.data.Trials;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paper's protocol on one split: verification (AUC, EER; U and G), 1:2 matching (V-F and
 * F-V; U and G), 1:N V-F matching for N = 2..10, and retrieval mAP in both directions.
 * Retrieval: one probe per identity (its first video) against one item of every video of
 * the split. Every figure in percent.
 */
public final class Evaluation {

    private Evaluation() {}

    /**
     * Nested results (section -> metric -> percent), the U verification ROC, and per metric
     * the number of trials (retrieval: queries) it was measured on and the half-width of its
     * 95% interval in percentage points (AUC: Hanley-McNeil; accuracies: binomial; none for
     * EER and mAP): how far apart two figures must be before the difference means something.
     */
    public record Result(Map<String, Map<String, Double>> metrics, double[][] rocU, Map<String, Integer> trials,
            Map<String, Double> halfWidth95) {
        public double get(String section, String metric) {
            return metrics.get(section).get(metric);
        }
    }

    public static Result run(Split split, Trials trials, PairScorer scorer) {
        Map<String, Map<String, Double>> m = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, Double> halfWidths = new LinkedHashMap<>();
        Map<String, Double> ver = new LinkedHashMap<>();
        double[][] rocU = null;
        for (String kind : List.of("u", "g")) {
            List<Trials.Verification> list = kind.equals("u") ? trials.verificationU() : trials.verificationG();
            if (list.isEmpty()) {
                continue; // e.g. G trials of a split with one identity per gender
            }
            int[] f = list.stream().mapToInt(Trials.Verification::face).toArray();
            int[] v = list.stream().mapToInt(Trials.Verification::voice).toArray();
            boolean[] same = new boolean[list.size()];
            for (int i = 0; i < same.length; i++) {
                same[i] = list.get(i).same();
            }
            double[] s = scorer.score(f, v);
            double auc = Metrics.auc(s, same);
            ver.put("auc_" + kind, 100 * auc);
            ver.put("eer_" + kind, 100 * Metrics.eer(s, same));
            long positives = 0;
            for (boolean p : same) {
                positives += p ? 1 : 0;
            }
            counts.put("auc_" + kind, same.length);
            counts.put("eer_" + kind, same.length);
            halfWidths.put("auc_" + kind, 100 * Metrics.aucHalfWidth95(auc, positives, same.length - positives));
            if (kind.equals("u")) {
                rocU = Metrics.roc(s, same);
            }
        }
        m.put("verification", ver);

        Map<String, Double> match = new LinkedHashMap<>();
        putMatching(match, counts, halfWidths, "vf_u", trials.matchingVfU(), true, scorer);
        putMatching(match, counts, halfWidths, "fv_u", trials.matchingFvU(), false, scorer);
        putMatching(match, counts, halfWidths, "vf_g", trials.matchingVfG(), true, scorer);
        putMatching(match, counts, halfWidths, "fv_g", trials.matchingFvG(), false, scorer);
        for (int n = 2; n <= TrialGenerator.MAX_N; n++) {
            final int size = n;
            List<Trials.Matching> ofN = trials.matchingVfN().stream().filter(t -> t.candidates().length == size).toList();
            putMatching(match, counts, halfWidths, "vf_1to" + n, ofN, true, scorer);
        }
        m.put("matching", match);

        Map<String, Double> retrieval = new LinkedHashMap<>();
        putRetrieval(retrieval, counts, "map_vf", split, true, scorer);
        putRetrieval(retrieval, counts, "map_fv", split, false, scorer);
        m.put("retrieval", retrieval);
        return new Result(m, rocU, counts, halfWidths);
    }

    private static void putMatching(Map<String, Double> out, Map<String, Integer> counts, Map<String, Double> halfWidths,
            String key, List<Trials.Matching> trials, boolean voiceProbe, PairScorer scorer) {
        if (!trials.isEmpty()) {
            double accuracy = matching(trials, voiceProbe, scorer);
            out.put(key, 100 * accuracy);
            counts.put(key, trials.size());
            halfWidths.put(key, 100 * Metrics.accuracyHalfWidth95(accuracy, trials.size()));
        }
    }

    private static void putRetrieval(Map<String, Double> out, Map<String, Integer> counts, String key, Split split,
            boolean voiceProbe, PairScorer scorer) {
        double[] mapAndQueries = retrieval(split, voiceProbe, scorer);
        out.put(key, 100 * mapAndQueries[0]);
        counts.put(key, (int) mapAndQueries[1]);
    }

    /** Verification AUC-U only: the validation signal during training. */
    public static double verificationAucU(Trials trials, PairScorer scorer) {
        List<Trials.Verification> list = trials.verificationU();
        boolean[] same = new boolean[list.size()];
        for (int i = 0; i < same.length; i++) {
            same[i] = list.get(i).same();
        }
        return 100 * Metrics.auc(scorer.score(list.stream().mapToInt(Trials.Verification::face).toArray(),
                list.stream().mapToInt(Trials.Verification::voice).toArray()), same);
    }

    private static double matching(List<Trials.Matching> trials, boolean voiceProbe, PairScorer scorer) {
        int k = trials.get(0).candidates().length;
        int n = trials.size() * k;
        int[] faces = new int[n];
        int[] voices = new int[n];
        int i = 0;
        for (Trials.Matching t : trials) {
            for (int c : t.candidates()) {
                faces[i] = voiceProbe ? c : t.probe();
                voices[i] = voiceProbe ? t.probe() : c;
                i++;
            }
        }
        double[] s = scorer.score(faces, voices);
        double[][] perTrial = new double[trials.size()][];
        for (int t = 0; t < trials.size(); t++) {
            perTrial[t] = java.util.Arrays.copyOfRange(s, t * k, (t + 1) * k);
        }
        return Metrics.matchingAccuracy(perTrial);
    }

    /** Mean average precision over the queries (one per identity), and the number of queries. */
    private static double[] retrieval(Split split, boolean voiceProbe, PairScorer scorer) {
        int[] probeVideo = voiceProbe ? split.voiceVideo() : split.faceVideo();
        int[] probeIdentity = voiceProbe ? split.voiceIdentity() : split.faceIdentity();
        int[] galleryVideo = voiceProbe ? split.faceVideo() : split.voiceVideo();
        int[] galleryIdentity = voiceProbe ? split.faceIdentity() : split.voiceIdentity();
        List<Integer> gallery = new ArrayList<>();
        java.util.Set<Integer> seenVideos = new java.util.HashSet<>();
        for (int r = 0; r < galleryVideo.length; r++) {
            if (seenVideos.add(galleryVideo[r])) {
                gallery.add(r);
            }
        }
        int[] galleryRows = gallery.stream().mapToInt(Integer::intValue).toArray();
        java.util.Set<Integer> seenIdentities = new java.util.HashSet<>();
        double sum = 0;
        int queries = 0;
        for (int r = 0; r < probeVideo.length; r++) {
            if (!seenIdentities.add(probeIdentity[r])) {
                continue;
            }
            double[] s = scorer.rank(r, voiceProbe, galleryRows);
            boolean[] relevant = new boolean[galleryRows.length];
            for (int g = 0; g < galleryRows.length; g++) {
                relevant[g] = galleryIdentity[galleryRows[g]] == probeIdentity[r];
            }
            sum += Metrics.averagePrecision(s, relevant);
            queries++;
        }
        return new double[] {sum / queries, queries};
    }
}

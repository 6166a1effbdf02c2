package io.faalive.lab.eval;

import io.faalive.serving.metrics.Metrics;
import io.faalive.lab.data.Split;
import io.faalive.lab.data.TrialGenerator;
import io.faalive.lab.data.Trials;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        return metrics(score(split, trials, scorer));
    }

    /** Scores every trial of the protocol: the rows {@link #metrics} reads. */
    public static TrialScores score(Split split, Trials trials, PairScorer scorer) {
        TrialScores out = new TrialScores();
        scoreVerification(out, "verification_u", trials.verificationU(), scorer);
        scoreVerification(out, "verification_g", trials.verificationG(), scorer);
        scoreMatching(out, "matching_vf_u", trials.matchingVfU(), true, scorer);
        scoreMatching(out, "matching_fv_u", trials.matchingFvU(), false, scorer);
        scoreMatching(out, "matching_vf_g", trials.matchingVfG(), true, scorer);
        scoreMatching(out, "matching_fv_g", trials.matchingFvG(), false, scorer);
        for (int n = 2; n <= TrialGenerator.MAX_N; n++) {
            final int size = n;
            scoreMatching(out, "matching_vf_1to" + n,
                    trials.matchingVfN().stream().filter(t -> t.candidates().length == size).toList(), true, scorer);
        }
        scoreRetrieval(out, "retrieval_vf", split, true, scorer);
        scoreRetrieval(out, "retrieval_fv", split, false, scorer);
        return out;
    }

    /**
     * Every figure of the protocol from scored trials (what {@link #score} returns, or a file
     * {@code bin/faa eval --scores} wrote): verification AUC and EER per {@code verification_*}
     * task, accuracy per {@code matching_*} task, mAP per {@code retrieval_*} task.
     */
    public static Result metrics(TrialScores scores) {
        Map<String, Map<String, Double>> m = new LinkedHashMap<>();
        for (String section : List.of("verification", "matching", "retrieval")) {
            m.put(section, new LinkedHashMap<>());
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, Double> halfWidths = new LinkedHashMap<>();
        double[][] rocU = null;
        for (TrialScores.Task task : scores.tasks()) {
            String suffix = task.suffix();
            switch (task.kind()) {
                case VERIFICATION -> {
                    double auc = Metrics.auc(task.score(), task.match());
                    long positives = 0;
                    for (boolean p : task.match()) {
                        positives += p ? 1 : 0;
                    }
                    m.get("verification").put("auc_" + suffix, 100 * auc);
                    m.get("verification").put("eer_" + suffix, 100 * Metrics.eer(task.score(), task.match()));
                    counts.put("auc_" + suffix, task.rows());
                    counts.put("eer_" + suffix, task.rows());
                    halfWidths.put("auc_" + suffix,
                            100 * Metrics.aucHalfWidth95(auc, positives, task.rows() - positives));
                    if (suffix.equals("u")) {
                        rocU = Metrics.roc(task.score(), task.match());
                    }
                }
                case MATCHING -> {
                    double[] credit = perTrial(task);
                    double accuracy = mean(credit);
                    m.get("matching").put(task.averagedFigure(), 100 * accuracy);
                    counts.put(task.averagedFigure(), credit.length);
                    halfWidths.put(task.averagedFigure(), 100 * Metrics.accuracyHalfWidth95(accuracy, credit.length));
                }
                case RETRIEVAL -> {
                    double[] ap = perTrial(task);
                    m.get("retrieval").put(task.averagedFigure(), 100 * mean(ap));
                    counts.put(task.averagedFigure(), ap.length);
                }
            }
        }
        return new Result(m, rocU, counts, halfWidths);
    }

    /**
     * Per trial of a matching or retrieval task, what its figure averages: a matching trial's
     * credit (1 when the match scores strictly highest, a tie's share, else 0) or a retrieval
     * query's average precision.
     */
    static double[] perTrial(TrialScores.Task task) {
        int[] starts = task.trialStarts();
        double[] out = new double[starts.length - 1];
        for (int t = 0; t < out.length; t++) {
            int from = starts[t];
            int to = starts[t + 1];
            if (task.trial()[from] != t) {
                throw new IllegalArgumentException(task.name() + ": trials must be numbered 0, 1, 2, ... in order; row "
                        + from + " has trial " + task.trial()[from] + " where " + t + " was expected");
            }
            double[] s = Arrays.copyOfRange(task.score(), from, to);
            if (task.kind() == TrialScores.Kind.MATCHING) {
                for (int r = from; r < to; r++) {
                    if (task.match()[r] != (r == from)) {
                        throw new IllegalArgumentException(task.name() + " trial " + t
                                + ": the match must be the trial's first row and the only one");
                    }
                }
                out[t] = Metrics.matchingCredit(s);
            } else {
                out[t] = Metrics.averagePrecision(s, Arrays.copyOfRange(task.match(), from, to));
            }
        }
        return out;
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static void scoreVerification(TrialScores out, String task, List<Trials.Verification> list,
            PairScorer scorer) {
        if (list.isEmpty()) {
            return; // e.g. G trials of a split with one identity per gender
        }
        int[] f = list.stream().mapToInt(Trials.Verification::face).toArray();
        int[] v = list.stream().mapToInt(Trials.Verification::voice).toArray();
        boolean[] same = new boolean[list.size()];
        int[] trial = new int[list.size()];
        for (int i = 0; i < same.length; i++) {
            same[i] = list.get(i).same();
            trial[i] = i;
        }
        out.add(task, trial, f, v, same, scorer.score(f, v));
    }

    private static void scoreMatching(TrialScores out, String task, List<Trials.Matching> trials, boolean voiceProbe,
            PairScorer scorer) {
        if (trials.isEmpty()) {
            return;
        }
        int n = trials.stream().mapToInt(t -> t.candidates().length).sum();
        int[] trial = new int[n];
        int[] faces = new int[n];
        int[] voices = new int[n];
        boolean[] match = new boolean[n];
        int i = 0;
        for (int t = 0; t < trials.size(); t++) {
            Trials.Matching m = trials.get(t);
            for (int c = 0; c < m.candidates().length; c++) {
                trial[i] = t;
                faces[i] = voiceProbe ? m.candidates()[c] : m.probe();
                voices[i] = voiceProbe ? m.probe() : m.candidates()[c];
                match[i] = c == 0;
                i++;
            }
        }
        out.add(task, trial, faces, voices, match, scorer.score(faces, voices));
    }

    /** One query per identity (its first row) against one item of every video of the split. */
    private static void scoreRetrieval(TrialScores out, String task, Split split, boolean voiceProbe,
            PairScorer scorer) {
        int[] probeIdentity = voiceProbe ? split.voiceIdentity() : split.faceIdentity();
        int[] galleryVideo = voiceProbe ? split.faceVideo() : split.voiceVideo();
        int[] galleryIdentity = voiceProbe ? split.faceIdentity() : split.voiceIdentity();
        List<Integer> gallery = new ArrayList<>();
        Set<Integer> seenVideos = new HashSet<>();
        for (int r = 0; r < galleryVideo.length; r++) {
            if (seenVideos.add(galleryVideo[r])) {
                gallery.add(r);
            }
        }
        int[] galleryRows = gallery.stream().mapToInt(Integer::intValue).toArray();
        Set<Integer> seenIdentities = new HashSet<>();
        int query = 0;
        for (int r = 0; r < probeIdentity.length; r++) {
            if (!seenIdentities.add(probeIdentity[r])) {
                continue;
            }
            double[] s = scorer.rank(r, voiceProbe, galleryRows);
            boolean[] relevant = new boolean[galleryRows.length];
            int[] probe = new int[galleryRows.length];
            int[] trial = new int[galleryRows.length];
            for (int g = 0; g < galleryRows.length; g++) {
                relevant[g] = galleryIdentity[galleryRows[g]] == probeIdentity[r];
                probe[g] = r;
                trial[g] = query;
            }
            out.add(task, trial, voiceProbe ? galleryRows : probe, voiceProbe ? probe : galleryRows, relevant, s);
            query++;
        }
    }

    /** Verification AUC-U only: the validation signal during training. */
    public static double verificationAucU(Trials trials, PairScorer scorer) {
        TrialScores scores = new TrialScores();
        scoreVerification(scores, "verification_u", trials.verificationU(), scorer);
        TrialScores.Task task = scores.tasks().get(0);
        return 100 * Metrics.auc(task.score(), task.match());
    }
}

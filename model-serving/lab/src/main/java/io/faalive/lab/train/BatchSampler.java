package io.faalive.lab.train;

import io.faalive.lab.data.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds training batches from videos and their pseudo-labels: per video one voice window
 * and one face frame (with probability p, a diverse positive: a frame from another video of
 * the same pseudo-label), and draws FVM negatives (hard: in proportion to exp(sim / T)
 * among items of other pseudo-labels; otherwise uniformly among them).
 */
final class BatchSampler {

    private final List<int[]> facesByVideo;
    private final List<int[]> voicesByVideo;
    private final SplittableRandom random;
    private int[] labels;
    private List<int[]> videosByLabel;

    BatchSampler(Split train, int videos, long seed) {
        this.facesByVideo = Split.rowsByVideo(train.faceVideo(), videos);
        this.voicesByVideo = Split.rowsByVideo(train.voiceVideo(), videos);
        this.random = new SplittableRandom(seed);
    }

    void setLabels(int[] videoLabels, int clusters) {
        this.labels = videoLabels;
        List<List<Integer>> byLabel = new ArrayList<>();
        for (int c = 0; c < clusters; c++) {
            byLabel.add(new ArrayList<>());
        }
        for (int v = 0; v < videoLabels.length; v++) {
            byLabel.get(videoLabels[v]).add(v);
        }
        videosByLabel = byLabel.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toList();
    }

    /** Videos in a fresh random order, for one epoch. */
    int[] shuffledVideos() {
        int[] order = java.util.stream.IntStream.range(0, labels.length)
                .filter(v -> facesByVideo.get(v).length > 0 && voicesByVideo.get(v).length > 0).toArray();
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Row indices: [0] voices, [1] faces, [2] pseudo-labels, for the given videos. */
    int[][] batch(int[] videos, float diversePositive) {
        int n = videos.length;
        int[][] out = new int[3][n];
        for (int i = 0; i < n; i++) {
            int video = videos[i];
            int label = labels[video];
            out[0][i] = pick(voicesByVideo.get(video));
            int faceVideo = video;
            if (diversePositive > 0 && random.nextDouble() < diversePositive) {
                int[] same = videosByLabel.get(label);
                if (same.length > 1) {
                    int other = same[random.nextInt(same.length)];
                    if (other != video && facesByVideo.get(other).length > 0) {
                        faceVideo = other;
                    }
                }
            }
            out[1][i] = pick(facesByVideo.get(faceVideo));
            out[2][i] = label;
        }
        return out;
    }

    /**
     * For each row i of {@code sim} [n x n] (row: anchor, column: candidate), one candidate
     * column with a different label, hard or uniform.
     */
    int[] negatives(float[] sim, int n, int[] labels, boolean hard, float temperature) {
        int[] out = new int[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            double total = 0;
            for (int j = 0; j < n; j++) {
                w[j] = labels[j] == labels[i] ? 0 : hard ? Math.exp(sim[i * n + j] / temperature) : 1;
                total += w[j];
            }
            if (total == 0) {
                out[i] = (i + 1) % n;
                continue;
            }
            double u = random.nextDouble() * total;
            double acc = 0;
            int chosen = -1;
            for (int j = 0; j < n; j++) {
                if (w[j] > 0) {
                    acc += w[j];
                    chosen = j;
                    if (acc >= u) {
                        break;
                    }
                }
            }
            out[i] = chosen;
        }
        return out;
    }

    private int pick(int[] rows) {
        return rows[random.nextInt(rows.length)];
    }
}

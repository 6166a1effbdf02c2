package io.faalive.loadtest.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Where each face tile goes on the meeting's canvas: a video-call grid, or a free layout of different sizes. */
final class MeetingLayout {

    /** How tiles are placed. */
    enum Kind { GRID, FREE }

    /** A tile in pixels; sides even, as the video encoder needs. */
    record Rect(int x, int y, int w, int h) {
        boolean overlaps(Rect o, int gap) {
            return x < o.x + o.w + gap && o.x < x + w + gap && y < o.y + o.h + gap && o.y < y + h + gap;
        }

        double[] share(int width, int height) {
            return new double[] {(double) x / width, (double) y / height, (double) w / width, (double) h / height};
        }
    }

    private static final int GAP = 8;

    private MeetingLayout() {}

    /** One tile per aspect ratio (width / height), in order. */
    static List<Rect> place(Kind kind, List<Double> aspects, int width, int height, SplittableRandom random) {
        return kind == Kind.GRID ? grid(aspects, width, height) : free(aspects, width, height, random);
    }

    /** Equal cells, as many columns as rows or one more; each clip fitted into its cell, centred. */
    static List<Rect> grid(List<Double> aspects, int width, int height) {
        int n = aspects.size();
        int cols = (int) Math.ceil(Math.sqrt(n));
        int rows = (int) Math.ceil(n / (double) cols);
        int cellW = (width - GAP * (cols + 1)) / cols;
        int cellH = (height - GAP * (rows + 1)) / rows;
        List<Rect> tiles = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int cx = GAP + (i % cols) * (cellW + GAP);
            int cy = GAP + (i / cols) * (cellH + GAP);
            tiles.add(fit(aspects.get(i), cx, cy, cellW, cellH));
        }
        return tiles;
    }

    /**
     * Tiles of different sizes (30 to 55% of the frame's height) at random places without
     * overlap; when they do not fit, all shrink a little and placing starts again.
     */
    static List<Rect> free(List<Double> aspects, int width, int height, SplittableRandom random) {
        double[] heights = aspects.stream().mapToDouble(a -> height * (0.30 + 0.25 * random.nextDouble())).toArray();
        for (double scale = 1; scale > 0.1; scale *= 0.9) {
            List<Rect> placed = tryPlace(aspects, heights, scale, width, height, random);
            if (placed != null) {
                return placed;
            }
        }
        throw new IllegalStateException("cannot place " + aspects.size() + " tiles on " + width + "x" + height);
    }

    private static List<Rect> tryPlace(List<Double> aspects, double[] heights, double scale, int width, int height,
            SplittableRandom random) {
        List<Rect> placed = new ArrayList<>();
        for (int i = 0; i < aspects.size(); i++) {
            double h = heights[i] * scale;
            double w = Math.min(h * aspects.get(i), width * 0.5);
            Rect tile = null;
            for (int attempt = 0; attempt < 500 && tile == null; attempt++) {
                Rect r = fit(aspects.get(i), GAP + random.nextInt(Math.max(1, width - (int) w - 2 * GAP)),
                        GAP + random.nextInt(Math.max(1, height - (int) h - 2 * GAP)), (int) w, (int) h);
                if (placed.stream().noneMatch(p -> p.overlaps(r, GAP))) {
                    tile = r;
                }
            }
            if (tile == null) {
                return null;
            }
            placed.add(tile);
        }
        return placed;
    }

    private static Rect fit(double aspect, int x, int y, int w, int h) {
        int fw = Math.min(w, (int) (h * aspect)) & ~1;
        int fh = Math.min(h, (int) (fw / aspect)) & ~1;
        return new Rect(x + (w - fw) / 2, y + (h - fh) / 2, fw, fh);
    }
}

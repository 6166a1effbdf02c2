package io.faalive.serving.sync;

/**
 * How much a face's mouth moves between two consecutive gray frames: the mean absolute pixel
 * difference over the mouth region, less the same over the eye band (so a head that moves or
 * a change of light, which moves both, counts for little). Speech opens and closes the mouth
 * several times a second; at 25 frames per second that shows as motion that rises and falls
 * with the speech envelope, where one mouth opening sampled at 5 fps does not.
 */
public final class MouthMotion {

    private MouthMotion() {}

    /**
     * The motion of the face in {@code box} ({@code x1, y1, x2, y2} in pixels) from {@code previous}
     * to {@code current}, both {@code width x height} 8-bit gray; NaN when the face is too small
     * (under 16 pixels high) or outside the frame.
     */
    public static float between(byte[] previous, byte[] current, int width, int height, float x1, float y1, float x2, float y2) {
        float w = x2 - x1;
        float h = y2 - y1;
        if (h < 16 || w < 8) {
            return Float.NaN;
        }
        // a detector's box runs from the brows to the chin: the mouth sits in its lower third, the eyes near 35-50%
        double mouth = meanAbsDiff(previous, current, width, height, x1 + 0.25f * w, y1 + 0.68f * h, x1 + 0.75f * w, y1 + 0.95f * h);
        double eyes = meanAbsDiff(previous, current, width, height, x1 + 0.15f * w, y1 + 0.30f * h, x1 + 0.85f * w, y1 + 0.50f * h);
        if (Double.isNaN(mouth) || Double.isNaN(eyes)) {
            return Float.NaN;
        }
        return (float) Math.max(0, mouth - eyes);
    }

    private static double meanAbsDiff(byte[] a, byte[] b, int width, int height, float fx1, float fy1, float fx2, float fy2) {
        int x1 = Math.max(0, Math.round(fx1));
        int y1 = Math.max(0, Math.round(fy1));
        int x2 = Math.min(width, Math.round(fx2));
        int y2 = Math.min(height, Math.round(fy2));
        if (x2 - x1 < 2 || y2 - y1 < 2) {
            return Double.NaN;
        }
        long sum = 0;
        for (int y = y1; y < y2; y++) {
            int row = y * width;
            for (int x = x1; x < x2; x++) {
                sum += Math.abs((a[row + x] & 0xff) - (b[row + x] & 0xff));
            }
        }
        return sum / (double) ((x2 - x1) * (y2 - y1));
    }
}

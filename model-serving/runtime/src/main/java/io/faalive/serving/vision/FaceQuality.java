package io.faalive.serving.vision;

/**
 * Whether a face is good enough to embed: big enough, roughly frontal (nose between the eyes),
 * and sharp (variance of the Laplacian of the aligned crop). Thresholds are configuration.
 */
public record FaceQuality(float minSidePx, float maxYaw, float minSharpness) implements java.io.Serializable {


    /** Scores of one face. */
    public record Score(float sidePx, float yaw, float sharpness, boolean good) {}

    public Score score(FaceBox box, float[] landmarks5, BgrImage aligned) {
        float side = Math.min(box.width(), box.height());
        float yaw = yaw(landmarks5);
        float sharp = sharpness(aligned);
        return new Score(side, yaw, sharp, side >= minSidePx && Math.abs(yaw) <= maxYaw && sharp >= minSharpness);
    }

    /** Horizontal offset of the nose tip from the eyes' midpoint, in inter-eye distances (0 = frontal). */
    static float yaw(float[] p) {
        float midX = (p[0] + p[2]) / 2;
        float eyes = (float) Math.hypot(p[2] - p[0], p[3] - p[1]);
        return eyes <= 0 ? 1f : (p[4] - midX) / eyes;
    }

    /** Variance of the 4-neighbour Laplacian of the luma, on the inner 80x80 of the aligned crop. */
    static float sharpness(BgrImage img) {
        int x0 = img.width() / 7;
        int y0 = img.height() / 7;
        int x1 = img.width() - x0;
        int y1 = img.height() - y0;
        double sum = 0, sq = 0;
        int n = 0;
        for (int y = y0 + 1; y < y1 - 1; y++) {
            for (int x = x0 + 1; x < x1 - 1; x++) {
                int lap = img.gray(x - 1, y) + img.gray(x + 1, y) + img.gray(x, y - 1) + img.gray(x, y + 1) - 4 * img.gray(x, y);
                sum += lap;
                sq += (double) lap * lap;
                n++;
            }
        }
        double mean = sum / n;
        return (float) (sq / n - mean * mean);
    }
}

package io.faalive.serving.vision;

/**
 * How open the mouth is, read from the landmark-aligned crop: the share of pixels in the
 * template's mouth region (x 36-75, y 80-105 of 112x112) darker than 0.6 x the region's mean.
 * An open mouth shows the dark oral cavity. Chosen over the inner-lip distance of the 68-point
 * model, whose 64x64 input makes lip points too noisy to follow speech (on the Light-ASD
 * fixture tracks the lip-distance cue separated speaker from listener on 54% of speech frames,
 * this one on 81%).
 */
public final class MouthAperture {

    private MouthAperture() {}

    public static float of(BgrImage aligned) {
        if (aligned.width() != FaceAligner.SIZE || aligned.height() != FaceAligner.SIZE) {
            throw new IllegalArgumentException("mouth aperture needs an aligned 112x112 crop");
        }
        int[] g = new int[40 * 26];
        double sum = 0;
        for (int y = 0; y < 26; y++) {
            for (int x = 0; x < 40; x++) {
                int v = aligned.gray(36 + x, 80 + y);
                g[y * 40 + x] = v;
                sum += v;
            }
        }
        double threshold = 0.6 * sum / g.length;
        int dark = 0;
        for (int v : g) {
            if (v < threshold) {
                dark++;
            }
        }
        return dark / (float) g.length;
    }
}

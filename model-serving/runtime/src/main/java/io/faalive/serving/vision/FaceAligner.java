package io.faalive.serving.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;

import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Aligns a face to the 112x112 ArcFace template with the least-squares similarity transform
 * (rotation, uniform scale, translation) that maps its five landmarks onto the template's.
 */
public final class FaceAligner {

    public static final int SIZE = 112;
    /** ArcFace template: eyes, nose tip, mouth corners, in 112x112 pixels. */
    static final float[] TEMPLATE = {
        38.2946f, 51.6963f, 73.5318f, 51.5014f, 56.0252f, 71.7366f, 41.5493f, 92.3655f, 70.7299f, 92.2041f
    };

    private FaceAligner() {}

    public static BgrImage align(BgrImage image, float[] landmarks5) {
        double[] m = similarity(landmarks5, TEMPLATE);
        try (Mat src = Mats.toMat(image); Mat transform = new Mat(2, 3, CV_64F); Mat dst = new Mat();
                Size size = new Size(SIZE, SIZE)) {
            try (DoubleIndexer idx = transform.createIndexer()) {
                for (int i = 0; i < 6; i++) {
                    idx.put(i / 3, i % 3, m[i]);
                }
            }
            opencv_imgproc.warpAffine(src, dst, transform, size);
            return Mats.toImage(dst);
        }
    }

    /**
     * Least-squares similarity from {@code src} to {@code dst} (x,y pairs), as the 2x3 matrix
     * [a -b tx; b a ty] in row order (the closed form of Umeyama's method without reflection).
     */
    static double[] similarity(float[] src, float[] dst) {
        int n = src.length / 2;
        double sx = 0, sy = 0, dx = 0, dy = 0;
        for (int i = 0; i < n; i++) {
            sx += src[2 * i];
            sy += src[2 * i + 1];
            dx += dst[2 * i];
            dy += dst[2 * i + 1];
        }
        sx /= n;
        sy /= n;
        dx /= n;
        dy /= n;
        double norm = 0, dot = 0, cross = 0;
        for (int i = 0; i < n; i++) {
            double px = src[2 * i] - sx, py = src[2 * i + 1] - sy;
            double qx = dst[2 * i] - dx, qy = dst[2 * i + 1] - dy;
            norm += px * px + py * py;
            dot += px * qx + py * qy;
            cross += px * qy - py * qx;
        }
        double a = norm == 0 ? 1 : dot / norm;
        double b = norm == 0 ? 0 : cross / norm;
        return new double[] {a, -b, dx - (a * sx - b * sy), b, a, dy - (b * sx + a * sy)};
    }
}

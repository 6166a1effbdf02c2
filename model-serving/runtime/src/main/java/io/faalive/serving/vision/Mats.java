package io.faalive.serving.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/** Conversions between {@link BgrImage} and OpenCV matrices. Callers close the Mats they get. */
final class Mats {

    private Mats() {}

    static Mat toMat(BgrImage image) {
        Mat mat = new Mat(image.height(), image.width(), CV_8UC3);
        mat.data().put(image.bgr());
        return mat;
    }

    static BgrImage toImage(Mat mat) {
        Mat continuous = mat.isContinuous() ? mat : mat.clone();
        try {
            byte[] bytes = new byte[continuous.cols() * continuous.rows() * 3];
            BytePointer data = continuous.data();
            data.get(bytes);
            return new BgrImage(continuous.cols(), continuous.rows(), bytes);
        } finally {
            if (continuous != mat) {
                continuous.close();
            }
        }
    }

    static Mat resize(Mat src, int width, int height) {
        Mat dst = new Mat();
        try (Size size = new Size(width, height)) {
            opencv_imgproc.resize(src, dst, size, 0, 0,
                    width < src.cols() ? opencv_imgproc.INTER_AREA : opencv_imgproc.INTER_LINEAR);
        }
        return dst;
    }

    /**
     * NCHW float tensor data of a BGR mat of exactly {@code w x h}: channel order RGB when
     * {@code rgb}, each value {@code (p - mean) / std}.
     */
    static float[] chw(Mat bgr, boolean rgb, float mean, float std) {
        int w = bgr.cols();
        int h = bgr.rows();
        byte[] px = new byte[w * h * 3];
        Mat continuous = bgr.isContinuous() ? bgr : bgr.clone();
        continuous.data().get(px);
        if (continuous != bgr) {
            continuous.close();
        }
        float[] out = new float[3 * w * h];
        int plane = w * h;
        for (int i = 0; i < plane; i++) {
            float b = px[3 * i] & 0xff;
            float g = px[3 * i + 1] & 0xff;
            float r = px[3 * i + 2] & 0xff;
            out[i] = ((rgb ? r : b) - mean) / std;
            out[plane + i] = (g - mean) / std;
            out[2 * plane + i] = ((rgb ? b : r) - mean) / std;
        }
        return out;
    }
}

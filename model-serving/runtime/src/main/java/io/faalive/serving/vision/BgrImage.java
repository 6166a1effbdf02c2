package io.faalive.serving.vision;

import java.nio.file.Path;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/** Packed BGR24 pixels, row stride {@code 3 * width}: the frame format DecodeChunk produces. */
public record BgrImage(int width, int height, byte[] bgr) {

    public BgrImage {
        if (width <= 0 || height <= 0 || bgr == null || bgr.length != width * height * 3) {
            throw new IllegalArgumentException("BGR image " + width + "x" + height + " needs " + (width * height * 3)
                    + " bytes, got " + (bgr == null ? "none" : bgr.length));
        }
    }

    /** Reads an image file (JPEG, PNG, ...) through OpenCV. */
    public static BgrImage read(Path file) {
        Mat mat = opencv_imgcodecs.imread(file.toString());
        try {
            if (mat.empty()) {
                throw new IllegalArgumentException("cannot read image " + file);
            }
            return Mats.toImage(mat);
        } finally {
            mat.close();
        }
    }

    /** Luma (BT.601) of one pixel. */
    public int gray(int x, int y) {
        int i = (y * width + x) * 3;
        return (29 * (bgr[i] & 0xff) + 150 * (bgr[i + 1] & 0xff) + 77 * (bgr[i + 2] & 0xff)) >> 8;
    }
}

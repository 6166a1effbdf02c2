package io.faalive.serving.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;

import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** Square crops for the models that want them. */
public final class Crops {

    private Crops() {}

    /**
     * A gray {@code size x size} crop of the square of side {@code side} centred at (cx, cy);
     * parts outside the image are filled with mid-gray.
     */
    public static byte[] graySquare(BgrImage image, float cx, float cy, float side, int size) {
        double scale = size / (double) side;
        try (Mat src = Mats.toMat(image); Mat transform = new Mat(2, 3, CV_64F); Mat warped = new Mat();
                Mat gray = new Mat(); Size out = new Size(size, size); Scalar fill = new Scalar(110, 110, 110, 0)) {
            try (DoubleIndexer idx = transform.createIndexer()) {
                idx.put(0, 0, scale);
                idx.put(0, 1, 0);
                idx.put(0, 2, size / 2.0 - cx * scale);
                idx.put(1, 0, 0);
                idx.put(1, 1, scale);
                idx.put(1, 2, size / 2.0 - cy * scale);
            }
            opencv_imgproc.warpAffine(src, warped, transform, out, opencv_imgproc.INTER_LINEAR, opencv_core.BORDER_CONSTANT, fill);
            opencv_imgproc.cvtColor(warped, gray, opencv_imgproc.COLOR_BGR2GRAY);
            byte[] px = new byte[size * size];
            gray.data().get(px);
            return px;
        }
    }

    /**
     * The face crop Light-ASD was trained on: a square of 0.7 x the box's larger side, centred
     * 0.2 x that side below the box centre (the centre half of its 224 px crop), as 112x112 gray.
     */
    public static byte[] activeSpeakerCrop(BgrImage frame, FaceBox box) {
        float half = Math.max(box.width(), box.height()) / 2;
        float cx = (box.x1() + box.x2()) / 2;
        float cy = (box.y1() + box.y2()) / 2 + 0.4f * half;
        return graySquare(frame, cx, cy, 1.4f * half, 112);
    }
}

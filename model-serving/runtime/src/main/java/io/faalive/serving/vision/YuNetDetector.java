package io.faalive.serving.vision;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;

import io.faalive.serving.runtime.ModelFile;
import io.faalive.serving.runtime.ModelLoadException;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.FaceDetectorYN;

/**
 * YuNet through OpenCV's {@code FaceDetectorYN}, with the fixed 320x320 model: the frame is
 * letterboxed into 320x320 (aspect kept) and boxes and five landmarks are mapped back.
 */
public final class YuNetDetector implements FaceDetector {

    private static final int SIZE = 320;
    private final FaceDetectorYN detector;

    public YuNetDetector(ModelFile file, float scoreThreshold, float nmsThreshold) {
        file.verify();
        try (Size size = new Size(SIZE, SIZE)) {
            this.detector = FaceDetectorYN.create(file.path().toString(), "", size, scoreThreshold, nmsThreshold, 50, 0, 0);
        } catch (RuntimeException e) {
            throw new ModelLoadException("OpenCV cannot load YuNet model " + file.path().toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<FaceBox> detect(BgrImage image) {
        float scale = SIZE / (float) Math.max(image.width(), image.height());
        int w = Math.max(1, Math.round(image.width() * scale));
        int h = Math.max(1, Math.round(image.height() * scale));
        List<FaceBox> faces = new ArrayList<>();
        try (Mat mat = Mats.toMat(image); Mat small = Mats.resize(mat, w, h); Mat padded = new Mat();
                Scalar black = new Scalar(0, 0, 0, 0); Mat out = new Mat()) {
            opencv_core.copyMakeBorder(small, padded, 0, SIZE - h, 0, SIZE - w, BORDER_CONSTANT, black);
            detector.detect(padded, out);
            if (out.empty()) {
                return faces;
            }
            try (FloatIndexer idx = out.createIndexer()) {
                for (int r = 0; r < out.rows(); r++) {
                    float x = idx.get(r, 0) / scale;
                    float y = idx.get(r, 1) / scale;
                    float[] points = new float[10];
                    for (int k = 0; k < 10; k++) {
                        points[k] = idx.get(r, 4 + k) / scale;
                    }
                    faces.add(new FaceBox(x, y, x + idx.get(r, 2) / scale, y + idx.get(r, 3) / scale, idx.get(r, 14), points));
                }
            }
        }
        return faces;
    }

    @Override
    public boolean givesLandmarks() {
        return true;
    }

    @Override
    public synchronized void close() {
        detector.close();
    }
}

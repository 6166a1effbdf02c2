package io.faalive.serving.vision;

import io.faalive.serving.runtime.ModelLoadException;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * OpenCV's frontal-face Haar cascade, bundled in the bytedeco OpenCV jar: the last resort
 * when no detector model is available. Frontal faces only, no scores (1.0), no landmarks.
 */
public final class HaarCascadeDetector implements FaceDetector {

    private static final String RESOURCE =
            "/org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";
    private final CascadeClassifier cascade;

    public HaarCascadeDetector() {
        try {
            File xml = Loader.cacheResource(HaarCascadeDetector.class, RESOURCE);
            this.cascade = new CascadeClassifier(xml.getAbsolutePath());
        } catch (Exception e) {
            throw new ModelLoadException("cannot load the bundled Haar cascade " + RESOURCE + ": " + e.getMessage(), e);
        }
        if (cascade.empty()) {
            throw new ModelLoadException("the bundled Haar cascade " + RESOURCE + " is empty");
        }
    }

    @Override
    public synchronized List<FaceBox> detect(BgrImage image) {
        List<FaceBox> faces = new ArrayList<>();
        int minSide = Math.max(24, Math.min(image.width(), image.height()) / 20);
        try (Mat mat = Mats.toMat(image); Mat gray = new Mat(); RectVector found = new RectVector();
                Size min = new Size(minSide, minSide); Size max = new Size()) {
            opencv_imgproc.cvtColor(mat, gray, opencv_imgproc.COLOR_BGR2GRAY);
            opencv_imgproc.equalizeHist(gray, gray);
            cascade.detectMultiScale(gray, found, 1.1, 5, 0, min, max);
            for (long i = 0; i < found.size(); i++) {
                Rect r = found.get(i);
                faces.add(new FaceBox(r.x(), r.y(), r.x() + r.width(), r.y() + r.height(), 1f, null));
            }
        }
        return faces;
    }

    @Override
    public boolean givesLandmarks() {
        return false;
    }

    @Override
    public synchronized void close() {
        cascade.close();
    }
}

package io.faalive.serving.vision;

import java.util.ArrayList;
import java.util.List;

/**
 * Detection, landmarks, alignment and quality for one frame: the detector finds boxes, the
 * 68-point model gives the five alignment points when the detector has none, each face is
 * warped to the ArcFace template, scored for quality, and its mouth aperture measured.
 */
public final class FaceAnalyzer implements AutoCloseable {

    private final FaceDetector detector;
    private final Landmarks68 landmarks;
    private final FaceQuality quality;

    public FaceAnalyzer(FaceDetector detector, Landmarks68 landmarks, FaceQuality quality) {
        this.detector = detector;
        this.landmarks = landmarks;
        this.quality = quality;
    }

    public List<FaceObservation> analyze(BgrImage frame) {
        List<FaceObservation> faces = new ArrayList<>();
        for (FaceBox box : detector.detect(frame)) {
            if (box.width() < 8 || box.height() < 8) {
                continue;
            }
            float[] l68 = landmarks == null ? null : landmarks.locate(frame, box);
            float[] l5 = detector.givesLandmarks() ? box.landmarks5() : l68 == null ? boxPoints(box) : Landmarks68.fivePoints(l68);
            BgrImage aligned = FaceAligner.align(frame, l5);
            float mouth = MouthAperture.of(aligned);
            faces.add(new FaceObservation(box.withLandmarks(l5), l5, l68, mouth, quality.score(box, l5, aligned), aligned));
        }
        return faces;
    }

    /** Five points placed where the template puts them inside a box: alignment without landmarks. */
    static float[] boxPoints(FaceBox box) {
        float[] p = new float[10];
        for (int i = 0; i < 5; i++) {
            p[2 * i] = box.x1() + FaceAligner.TEMPLATE[2 * i] / FaceAligner.SIZE * box.width();
            p[2 * i + 1] = box.y1() + FaceAligner.TEMPLATE[2 * i + 1] / FaceAligner.SIZE * box.height();
        }
        return p;
    }

    @Override
    public void close() {
        detector.close();
        if (landmarks != null) {
            landmarks.close();
        }
    }
}

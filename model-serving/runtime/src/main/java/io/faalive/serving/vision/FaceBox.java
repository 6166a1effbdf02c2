package io.faalive.serving.vision;

/**
 * A detected face in pixel coordinates of the image it was found in. {@code landmarks5}
 * holds x,y pairs of the right eye, left eye (as seen in the image: left, then right),
 * nose tip, and the mouth corners, or is null when the detector gives none.
 */
public record FaceBox(float x1, float y1, float x2, float y2, float score, float[] landmarks5) {

    public float width() {
        return x2 - x1;
    }

    public float height() {
        return y2 - y1;
    }

    public float area() {
        return Math.max(0, width()) * Math.max(0, height());
    }

    public float iou(FaceBox o) {
        float ix = Math.max(0, Math.min(x2, o.x2) - Math.max(x1, o.x1));
        float iy = Math.max(0, Math.min(y2, o.y2) - Math.max(y1, o.y1));
        float inter = ix * iy;
        float union = area() + o.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    public FaceBox withLandmarks(float[] points) {
        return new FaceBox(x1, y1, x2, y2, score, points);
    }
}

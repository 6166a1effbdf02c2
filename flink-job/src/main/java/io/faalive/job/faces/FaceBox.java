package io.faalive.job.faces;

/** A face box in pixels of the analysis frame: corners (x1, y1) and (x2, y2). */
public record FaceBox(float x1, float y1, float x2, float y2) {

    public float width() {
        return x2 - x1;
    }

    public float height() {
        return y2 - y1;
    }
}

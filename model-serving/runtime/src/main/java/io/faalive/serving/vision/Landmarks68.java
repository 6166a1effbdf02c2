package io.faalive.serving.vision;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.faalive.serving.runtime.NetModel;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * 68 facial landmarks (iBUG order) from the registry pack's {@code fr_landmark.onnx}: the
 * face box cropped, resized to 64x64 gray, divided by 256; outputs x,y normalised to the box.
 */
public final class Landmarks68 implements AutoCloseable {

    private final NetModel model;

    public Landmarks68(NetModel model) {
        this.model = model;
    }

    /** 136 floats: x,y of the 68 points in image pixels. */
    public float[] locate(BgrImage image, FaceBox box) {
        int x1 = clamp(Math.round(box.x1()), 0, image.width() - 2);
        int y1 = clamp(Math.round(box.y1()), 0, image.height() - 2);
        int x2 = clamp(Math.round(box.x2()), x1 + 1, image.width() - 1);
        int y2 = clamp(Math.round(box.y2()), y1 + 1, image.height() - 1);
        int w = x2 - x1;
        int h = y2 - y1;
        float[] input = new float[64 * 64];
        try (Mat mat = Mats.toMat(image); Rect roi = new Rect(x1, y1, w, h); Mat crop = new Mat(mat, roi);
                Mat small = Mats.resize(crop, 64, 64); Mat gray = new Mat()) {
            opencv_imgproc.cvtColor(small, gray, opencv_imgproc.COLOR_BGR2GRAY);
            byte[] px = new byte[64 * 64];
            gray.data().get(px);
            for (int i = 0; i < px.length; i++) {
                input[i] = (px[i] & 0xff) / 256f;
            }
        }
        float[] out = model.run(
                m -> new NDList(NetModel.named(m.create(input, new Shape(1, 1, 64, 64)), "input")),
                list -> list.get(0).toFloatArray());
        float[] points = new float[136];
        for (int i = 0; i < 68; i++) {
            points[2 * i] = x1 + out[2 * i] * w;
            points[2 * i + 1] = y1 + out[2 * i + 1] * h;
        }
        return points;
    }

    /** The five alignment points (eyes, nose tip, mouth corners) from 68 landmarks. */
    public static float[] fivePoints(float[] p) {
        return new float[] {
            avg(p, 36, 37, 39, 40, true), avg(p, 36, 37, 39, 40, false),
            avg(p, 42, 43, 45, 46, true), avg(p, 42, 43, 45, 46, false),
            p[2 * 30], p[2 * 30 + 1],
            (p[2 * 48] + p[2 * 60]) / 2, (p[2 * 48 + 1] + p[2 * 60 + 1]) / 2,
            (p[2 * 54] + p[2 * 64]) / 2, (p[2 * 54 + 1] + p[2 * 64 + 1]) / 2,
        };
    }

    private static float avg(float[] p, int a, int b, int c, int d, boolean x) {
        int o = x ? 0 : 1;
        return (p[2 * a + o] + p[2 * b + o] + p[2 * c + o] + p[2 * d + o]) / 4f;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    @Override
    public void close() {
        model.close();
    }
}

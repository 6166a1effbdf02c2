package io.faalive.serving.vision;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.faalive.serving.runtime.NetModel;
import io.faalive.serving.runtime.Vectors;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A face embedding network (ONNX or TorchScript): aligned crops resized to its input size,
 * {@code (p - mean) / std}, RGB or BGR, NCHW; the output is L2-normalised. Batches in one
 * call; a network exported with a fixed batch of 1 is detected on first use and then fed
 * one crop per call.
 */
public final class NetFaceEmbedder implements FaceEmbedder {

    /** How a network wants its input. */
    public record Spec(int inputSize, float mean, float std, boolean rgb, int dimension) {
        /** The registry pack's fr_feature.onnx (512-d). */
        public static final Spec FACEPLUGIN_512 = new Spec(112, 127f, 128f, true, 512);
        /** The fixture MobileFaceNet (128-d). */
        public static final Spec MOBILEFACENET_128 = new Spec(112, 127.5f, 128f, true, 128);
    }

    private final NetModel model;
    private final Spec spec;
    private volatile boolean batched = true;

    public NetFaceEmbedder(NetModel model, Spec spec) {
        this.model = model;
        this.spec = spec;
    }

    /** False once the network turned out to take one crop per call (fixed batch dimension). */
    public boolean acceptsBatches() {
        return batched;
    }

    @Override
    public int dimension() {
        return spec.dimension();
    }

    @Override
    public float[][] embed(List<BgrImage> faces) {
        float[][] out = new float[faces.size()][];
        if (faces.isEmpty()) {
            return out;
        }
        int s = spec.inputSize();
        int per = 3 * s * s;
        int step = batched ? faces.size() : 1;
        for (int start = 0; start < faces.size(); start += step) {
            int n = Math.min(step, faces.size() - start);
            float[] input = new float[n * per];
            for (int i = 0; i < n; i++) {
                try (Mat mat = Mats.toMat(faces.get(start + i));
                        Mat sized = mat.cols() == s && mat.rows() == s ? mat.clone() : Mats.resize(mat, s, s)) {
                    System.arraycopy(Mats.chw(sized, spec.rgb(), spec.mean(), spec.std()), 0, input, i * per, per);
                }
            }
            float[] flat;
            try {
                flat = model.run(
                        m -> new NDList(NetModel.named(m.create(input, new Shape(n, 3, s, s)), "input")),
                        list -> list.get(0).toFloatArray());
            } catch (RuntimeException e) {
                if (n == 1) {
                    throw e;
                }
                batched = false; // fixed batch size 1: embed one by one from now on
                return embed(faces);
            }
            int d = flat.length / n;
            if (d != spec.dimension()) {
                throw new IllegalStateException("face embedding network " + model.file().path() + " gives " + d
                        + "-d vectors, configured for " + spec.dimension());
            }
            for (int i = 0; i < n; i++) {
                float[] v = new float[d];
                System.arraycopy(flat, i * d, v, 0, d);
                out[start + i] = Vectors.normalise(v);
            }
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
    }
}

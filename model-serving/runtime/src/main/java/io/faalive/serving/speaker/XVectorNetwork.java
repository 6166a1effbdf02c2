package io.faalive.serving.speaker;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;

/**
 * The x-vector TDNN's forward pass on DJL's PyTorch engine. Each frame-level layer is a dilated
 * 1-D convolution without padding, computed as Kaldi defines it: frames are rows
 * ({@code [T, channels]}), the input rows at each spliced offset are set side by side
 * ({@code [T - span, k * channels]}) and go through one {@code linear} with the affine weights,
 * then ReLU. (PyTorch's own {@code conv1d}, through DJL 0.33 on this project's CPU, returned
 * wrong values for the first layer, 23 channels and 5 taps, on inputs of 900 frames or more,
 * while right on 200; the product form has no such path. Frames as rows keep every offset a
 * contiguous block, which made the forward pass three times faster than frames as columns.)
 * Each batch norm, in its inference form {@code (x - mean) * targetRms / sqrt(var + eps)}, is
 * folded into the next layer's weights and bias, and the last one into the pooled statistics.
 * Pooling takes the mean and the standard deviation (variance floored) over the chunk's
 * frames, and the embedding layer maps them to the raw x-vector.
 *
 * <p>A batch of chunks runs as one sequence: the chunks are laid end to end, convolved once
 * (no padding), and each chunk pools only the outputs whose receptive field lies inside it
 * (an averaging matrix times the frame outputs), so windows and streams share every product.
 */
final class XVectorNetwork implements AutoCloseable {

    /** {@code shifts}: the spliced offsets relative to the first, so output t reads input t + shift. */
    private record Layer(NDArray weight, NDArray bias, int[] shifts) {}

    private final NDManager manager;
    private final List<Layer> layers = new ArrayList<>();
    private final int context;
    private final int inputDim;
    private final float varianceFloor;
    /** The last batch norm, applied to the pooled statistics. */
    private final NDArray lastMean;
    private final NDArray lastScale;
    private final NDArray lastScaleSquared;
    /** [dimension, 2 * channels]: the embedding layer's weight. */
    private final NDArray embeddingWeight;
    private final NDArray embeddingBias;

    XVectorNetwork(XVectorWeights weights, Device device) {
        this.manager = NDManager.newBaseManager(device, "PyTorch");
        this.context = weights.context();
        this.inputDim = weights.inputDim();
        this.varianceFloor = weights.varianceFloor();
        float[] foldScale = null;
        float[] foldMean = null;
        for (XVectorWeights.TdnnLayer layer : weights.layers()) {
            layers.add(layer(layer, foldScale, foldMean));
            foldScale = layer.batchNormScale();
            foldMean = layer.batchNormMean();
        }
        this.lastMean = manager.create(foldMean);
        this.lastScale = manager.create(foldScale);
        this.lastScaleSquared = lastScale.mul(lastScale);
        this.embeddingWeight = manager.create(flatten(weights.embeddingWeight()),
                new Shape(weights.embeddingWeight().length, weights.embeddingWeight()[0].length));
        this.embeddingBias = manager.create(weights.embeddingBias());
    }

    /** A layer's weights, with the previous layer's batch norm ({@code scale}, {@code mean}; null for the first) folded in. */
    private Layer layer(XVectorWeights.TdnnLayer layer, float[] scale, float[] mean) {
        int out = layer.outputDim();
        int in = layer.inputDim();
        int columns = in * layer.offsets().length;
        float[] w = new float[out * columns];
        float[] b = layer.bias().clone();
        for (int o = 0; o < out; o++) {
            float[] row = layer.weight()[o];
            double shift = 0;
            for (int col = 0; col < columns; col++) {
                float v = row[col];
                if (scale != null) {
                    int c = col % in;
                    shift -= (double) v * scale[c] * mean[c];
                    v *= scale[c];
                }
                w[o * columns + col] = v;
            }
            b[o] += (float) shift;
        }
        int[] shifts = layer.offsets().clone();
        for (int j = 0; j < shifts.length; j++) {
            shifts[j] -= layer.offsets()[0];
        }
        return new Layer(manager.create(w, new Shape(out, columns)), manager.create(b), shifts);
    }

    /** Frames a chunk loses to the network's context: a chunk of L frames pools L minus this. */
    int context() {
        return context;
    }

    int inputDim() {
        return inputDim;
    }

    /**
     * Raw x-vectors (before mean subtraction and the transform), one per chunk. Every chunk
     * must have more frames than {@link #context()}.
     */
    float[][] forward(List<float[][]> chunks) {
        int total = 0;
        for (float[][] chunk : chunks) {
            if (chunk.length <= context) {
                throw new IllegalArgumentException("a chunk of " + chunk.length + " frames is too short for the network's context of " + context);
            }
            total += chunk.length;
        }
        float[] input = new float[inputDim * total];
        int at = 0;
        for (float[][] chunk : chunks) {
            for (float[] frame : chunk) {
                System.arraycopy(frame, 0, input, at * inputDim, inputDim);
                at++;
            }
        }
        int outputs = total - context;
        float[] pool = new float[chunks.size() * outputs];
        at = 0;
        for (int i = 0; i < chunks.size(); i++) {
            int valid = chunks.get(i).length - context;
            for (int p = at; p < at + valid; p++) {
                pool[i * outputs + p] = 1f / valid;
            }
            at += chunks.get(i).length;
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray frames = scope.create(input, new Shape(total, inputDim)); // [frames, channels]
            for (Layer layer : layers) {
                NDArray spliced = splice(frames, layer.shifts);
                frames = Activation.relu(spliced.getNDArrayInternal().linear(spliced, layer.weight, layer.bias).singletonOrThrow());
            }
            NDArray averaging = scope.create(pool, new Shape(chunks.size(), outputs));
            NDArray mean = averaging.matMul(frames);
            NDArray meanSquare = averaging.matMul(frames.mul(frames));
            NDArray variance = meanSquare.sub(mean.mul(mean)).mul(lastScaleSquared).maximum(varianceFloor);
            NDArray stats = NDArrays.concat(new NDList(mean.sub(lastMean).mul(lastScale), variance.sqrt()), 1);
            NDArray embedding = stats.getNDArrayInternal().linear(stats, embeddingWeight, embeddingBias).singletonOrThrow();
            float[] flat = embedding.toFloatArray();
            int dim = (int) embeddingBias.getShape().get(0);
            float[][] result = new float[chunks.size()][dim];
            for (int i = 0; i < result.length; i++) {
                System.arraycopy(flat, i * dim, result[i], 0, dim);
            }
            return result;
        }
    }

    /**
     * [T - span, k * channels]: each output frame's input frames at the layer's shifts, side by
     * side (frames are rows, so every shift is a contiguous block of rows); a single shift of 0
     * is the input itself.
     */
    private static NDArray splice(NDArray frames, int[] shifts) {
        if (shifts.length == 1) {
            return frames;
        }
        long length = frames.getShape().get(0) - shifts[shifts.length - 1];
        NDList parts = new NDList(shifts.length);
        for (int shift : shifts) {
            parts.add(frames.get(new NDIndex("{}:{}", shift, shift + length)));
        }
        return NDArrays.concat(parts, 1);
    }

    private static float[] flatten(float[][] m) {
        float[] out = new float[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, out, i * m[0].length, m[0].length);
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}

package io.faalive.serving.speaker;

import java.util.List;

/**
 * The weights of a Kaldi x-vector network, as {@link Nnet3Reader} finds them on the path from
 * the input to the embedding: TDNN layers (affine over spliced frames, ReLU, batch norm), mean
 * and standard-deviation pooling, and the embedding affine layer.
 *
 * @param layers the frame-level layers in order
 * @param varianceFloor the pooling's variance floor
 * @param maxChunkFrames the most frames pooled into one vector (the pooling's right context)
 * @param embeddingWeight [out][2 * last layer's width]: mean then standard deviation
 * @param embeddingBias [out]
 */
record XVectorWeights(List<TdnnLayer> layers, float varianceFloor, int maxChunkFrames, float[][] embeddingWeight, float[] embeddingBias) {

    /**
     * One frame-level layer: {@code y(t) = BN(ReLU(W [x(t+o_1); ...; x(t+o_k)] + b))}.
     *
     * @param offsets frame offsets spliced, ascending (for example -2, 0, 2)
     * @param weight [out][offsets.length * in], the input blocks in offset order
     * @param bias [out]
     * @param batchNormScale per channel: targetRms / sqrt(var + epsilon)
     * @param batchNormMean per channel: the running mean subtracted before scaling
     */
    record TdnnLayer(int[] offsets, float[][] weight, float[] bias, float[] batchNormScale, float[] batchNormMean) {

        int inputDim() {
            return weight[0].length / offsets.length;
        }

        int outputDim() {
            return weight.length;
        }

        int leftContext() {
            return -offsets[0];
        }

        int rightContext() {
            return offsets[offsets.length - 1];
        }
    }

    int inputDim() {
        return layers.get(0).inputDim();
    }

    int dimension() {
        return embeddingBias.length;
    }

    /** Frames a chunk loses at its edges (no padding): the sum of every layer's context. */
    int context() {
        return layers.stream().mapToInt(l -> l.leftContext() + l.rightContext()).sum();
    }

    int leftContext() {
        return layers.stream().mapToInt(TdnnLayer::leftContext).sum();
    }
}

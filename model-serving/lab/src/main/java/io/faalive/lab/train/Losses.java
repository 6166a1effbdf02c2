package io.faalive.lab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;

/** The two training losses, vectorised over the batch. */
public final class Losses {

    private Losses() {}

    /**
     * Multi-similarity loss (Wang et al. 2019) over L2-normalised embeddings [N,d] with
     * integer labels [N]: pairs are mined against the hardest opposite pair with a margin,
     * then positives are pulled with weight alpha and negatives pushed with weight beta
     * around the similarity base. With {@code crossModalOnly} the rows are [voices; faces]
     * (two equal halves) and only voice-face pairs count.
     */
    public static NDArray multiSimilarity(NDArray embeddings, NDArray labels, float alpha, float beta, float base,
            float margin, boolean crossModalOnly) {
        NDArray sim = embeddings.matMul(embeddings.transpose());
        long n = sim.getShape().get(0);
        NDArray same = labels.expandDims(1).eq(labels.expandDims(0));
        NDArray eye = embeddings.getManager().eye((int) n).toType(DataType.BOOLEAN, false);
        NDArray pos = same.logicalAnd(eye.logicalNot());
        NDArray neg = same.logicalNot();
        if (crossModalOnly) {
            NDArray half = embeddings.getManager().arange((int) n).lt(n / 2);
            NDArray cross = half.expandDims(1).neq(half.expandDims(0));
            pos = pos.logicalAnd(cross);
            neg = neg.logicalAnd(cross);
        }
        NDArray big = sim.getManager().full(sim.getShape(), 10f);
        NDArray minPos = NDArrays.where(pos, sim, big).min(new int[] {1}, true).stopGradient();
        NDArray maxNeg = NDArrays.where(neg, sim, big.neg()).max(new int[] {1}, true).stopGradient();
        NDArray keepNeg = neg.logicalAnd(sim.add(margin).gt(minPos)).toType(DataType.FLOAT32, false);
        NDArray keepPos = pos.logicalAnd(sim.sub(margin).lt(maxNeg)).toType(DataType.FLOAT32, false);
        NDArray posTerm = sim.sub(base).mul(-alpha).exp().mul(keepPos).sum(new int[] {1}).add(1f).log().div(alpha);
        NDArray negTerm = sim.sub(base).mul(beta).exp().mul(keepNeg).sum(new int[] {1}).add(1f).log().div(beta);
        return posTerm.add(negTerm).mean();
    }

    /** Mean binary cross-entropy of logits against 0/1 targets, computed stably. */
    public static NDArray binaryCrossEntropy(NDArray logits, NDArray targets) {
        return logits.maximum(0f).sub(logits.mul(targets)).add(logits.abs().neg().exp().add(1f).log()).mean();
    }
}

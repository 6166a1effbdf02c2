package io.faalive.serving.faa;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.transformer.ScaledDotProductAttentionBlock;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * The multimodal encoder's forward pass for scoring, computing exactly what
 * {@link FaaBlock#fuse} computes in inference mode with fewer operations:
 * <ul>
 *   <li>the CLS token's first-layer query, key and value are constants, computed once;</li>
 *   <li>query, key and value projections run as one fused matrix product per layer;</li>
 *   <li>the last layer computes attention, projection and feed-forward for the CLS row only
 *       (the only row the head reads);</li>
 *   <li>batch normalisation (DJL's transformer layers use it, with running statistics at
 *       inference) is folded into one scale and shift per channel;</li>
 *   <li>the tail's output projection for the cosine skip connection is applied once per pair row;</li>
 *   <li>the likelihood-ratio skip's projections and quadratic forms run as plain matrix products,
 *       over the columns the ratio reads only (the tail's or the inputs', when it was fitted on
 *       one of them).</li>
 * </ul>
 * Weights are copied out of the block at construction: rebuild after the parameters change.
 * {@code FaaScorerTest} checks it against the block.
 */
final class FusionInference implements AutoCloseable {

    private static final float BATCH_NORM_EPSILON = 1e-5f;

    /** One transformer layer's weights, transposed for x @ W. */
    private record Layer(NDArray qkvW, NDArray qkvB, NDArray outW, NDArray outB, NDArray norm1Scale, NDArray norm1Shift,
            NDArray ffn1W, NDArray ffn1B, NDArray ffn2W, NDArray ffn2B, NDArray norm2Scale, NDArray norm2Shift) {}

    private final NDManager manager;
    private final NDManager scratch;
    private final FaaConfig config;
    private final NDArray faceTokenW;
    private final NDArray faceTokenB;
    private final NDArray voiceTokenW;
    private final NDArray voiceTokenB;
    private final NDArray cls;
    private final List<Layer> layers = new ArrayList<>();
    private final NDArray headW;
    private final NDArray headB;
    private final NDArray tailOutW;
    private final NDArray tailOutB;
    private final float cosineScale;
    /** Leading input columns of a face and of a voice state row (the tail follows them). */
    private final int faceInputs;
    private final int voiceInputs;
    /** Which columns of the state rows the likelihood ratio reads (the projection rows of the others are all zero). */
    private final Reads lrReads;

    private enum Reads { TAIL, INPUTS, ALL }
    private final NDArray lrFaceProj;
    private final NDArray lrFaceBias;
    private final NDArray lrVoiceProj;
    private final NDArray lrVoiceBias;
    private final NDArray lrCross;
    private final NDArray lrFaceQuad;
    private final NDArray lrVoiceQuad;
    private final float lrConstant;

    FusionInference(FaaBlock block, FaaConfig config, NDManager parent) {
        this.manager = parent.newSubManager();
        this.config = config;
        // copies of the parameters and what is derived from them live here until the kept
        // results are attached to this object's manager: without it each rebuild (after
        // every training step that is validated) left its intermediates in the model's manager
        this.scratch = parent.newSubManager();
        try {
            faceTokenW = attach(weight(block, "faceToken").transpose());
            voiceTokenW = attach(weight(block, "voiceToken").transpose());
            NDArray special = attach(value(block, "special"));
            // the modality embeddings are constants added to each token: fold them into the biases
            cls = attach(special.get(0));
            faceTokenB = attach(bias(block, "faceToken").add(special.get(1)));
            voiceTokenB = attach(bias(block, "voiceToken").add(special.get(2)));
            for (int i = 0; i < config.fusionLayers; i++) {
                layers.add(layer(child(block, "fusion" + i)));
            }
            headW = attach(weight(block, "head").transpose());
            headB = bias(block, "head");
            tailOutW = attach(weight(block, "tailOut").transpose());
            tailOutB = bias(block, "tailOut");
            cosineScale = attach(value(block, "cosineScale")).getFloat();
            // a ratio fitted on the tail or on the inputs alone has zero rows for the other columns: skip them
            faceInputs = config.inputColumns(block.faceDim());
            voiceInputs = config.inputColumns(block.voiceDim());
            NDArray faceProj = attach(value(block, "lrFaceProj"));
            NDArray voiceProj = attach(value(block, "lrVoiceProj"));
            if (faceInputs == 0 || !faceProj.get(":" + faceInputs).any().getBoolean()
                    && !voiceProj.get(":" + voiceInputs).any().getBoolean()) {
                lrReads = Reads.TAIL;
            } else if (!faceProj.get(faceInputs + ":").any().getBoolean() && !voiceProj.get(voiceInputs + ":").any().getBoolean()) {
                lrReads = Reads.INPUTS;
            } else {
                lrReads = Reads.ALL;
            }
            lrFaceProj = rowsRead(faceProj, faceInputs);
            lrFaceBias = attach(value(block, "lrFaceBias"));
            lrVoiceProj = rowsRead(voiceProj, voiceInputs);
            lrVoiceBias = attach(value(block, "lrVoiceBias"));
            lrCross = attach(value(block, "lrCross"));
            lrFaceQuad = attach(value(block, "lrFaceQuad"));
            lrVoiceQuad = attach(value(block, "lrVoiceQuad"));
            lrConstant = attach(value(block, "lrConstant")).getFloat();
        } finally {
            scratch.close();
        }
    }

    /** The projection rows of the columns the ratio reads. */
    private NDArray rowsRead(NDArray proj, int inputs) {
        return switch (lrReads) {
            case TAIL -> inputs == 0 ? proj : attach(proj.get(inputs + ":"));
            case INPUTS -> attach(proj.get(":" + inputs));
            case ALL -> proj;
        };
    }

    /** The columns of state rows the ratio reads. */
    private NDArray columnsRead(NDArray state, NDArray tail, int inputs) {
        return switch (lrReads) {
            case TAIL -> tail;
            case INPUTS -> state.get(":, :" + inputs);
            case ALL -> state;
        };
    }

    /** Match logits [B] of face/voice states [B, stateDim] (the tail's hidden state is the last {@code hidden} columns). */
    NDArray logits(NDArray faceState, NDArray voiceState) {
        long b = faceState.getShape().get(0);
        NDArray faceHidden = faceInputs > 0 ? faceState.get(":, " + faceInputs + ":") : faceState;
        NDArray voiceHidden = voiceInputs > 0 ? voiceState.get(":, " + voiceInputs + ":") : voiceState;
        int d = config.fusionDim;
        NDArray f = faceHidden.matMul(faceTokenW).add(faceTokenB);
        NDArray v = voiceHidden.matMul(voiceTokenW).add(voiceTokenB);
        // every array of the call lives in the caller's manager (closed after the call): an
        // operation's result joins the manager of its first operand, so the batch's arrays go first
        NDArray c = faceHidden.getManager().zeros(new Shape(b, d)).add(cls);
        NDArray tokens = NDArrays.stack(new NDList(c, f, v), 1); // [B,3,d]
        for (int i = 0; i < layers.size(); i++) {
            boolean last = i == layers.size() - 1;
            tokens = layer(layers.get(i), tokens, b, last);
        }
        NDArray clsOut = tokens.reshape(b, d);
        NDArray logit = clsOut.matMul(headW).add(headB).reshape(b);
        NDArray fe = faceHidden.matMul(tailOutW).add(tailOutB).normalize(2, 1);
        NDArray ve = voiceHidden.matMul(tailOutW).add(tailOutB).normalize(2, 1);
        NDArray a = columnsRead(faceState, faceHidden, faceInputs).matMul(lrFaceProj).add(lrFaceBias);
        NDArray bv = columnsRead(voiceState, voiceHidden, voiceInputs).matMul(lrVoiceProj).add(lrVoiceBias);
        int[] rows = {1};
        NDArray likelihoodRatio = a.matMul(lrCross).mul(bv).sum(rows).add(a.matMul(lrFaceQuad).mul(a).sum(rows))
                .add(bv.matMul(lrVoiceQuad).mul(bv).sum(rows)).add(lrConstant);
        return logit.add(fe.mul(ve).sum(rows).mul(cosineScale)).add(likelihoodRatio);
    }

    /** One post-norm layer as DJL builds it; with {@code clsOnly} only row 0 is computed and returned ([B,1,d]). */
    private NDArray layer(Layer w, NDArray x, long b, boolean clsOnly) {
        int d = config.fusionDim;
        int heads = config.fusionHeads;
        int hd = d / heads;
        long t = x.getShape().get(1);
        NDArray qkv = x.reshape(b * t, d).matMul(w.qkvW()).add(w.qkvB()).reshape(b, t, 3, heads, hd);
        NDArray q = qkv.get(":, :, 0").transpose(0, 2, 1, 3); // [B,H,T,hd]
        NDArray k = qkv.get(":, :, 1").transpose(0, 2, 1, 3);
        NDArray v = qkv.get(":, :, 2").transpose(0, 2, 1, 3);
        NDArray input = x;
        if (clsOnly) {
            q = q.get(":, :, 0:1");
            input = x.get(":, 0:1");
        }
        long rows = clsOnly ? 1 : t;
        NDArray attention = q.matMul(k.transpose(0, 1, 3, 2)).mul(1f / (float) Math.sqrt(hd)).softmax(3).matMul(v);
        NDArray merged = attention.transpose(0, 2, 1, 3).reshape(b * rows, d);
        NDArray projected = merged.matMul(w.outW()).add(w.outB()).reshape(b, rows, d);
        NDArray normalised = projected.add(input).mul(w.norm1Scale()).add(w.norm1Shift());
        NDArray hidden = normalised.reshape(b * rows, d).matMul(w.ffn1W()).add(w.ffn1B());
        NDArray ffn = gelu(hidden).matMul(w.ffn2W()).add(w.ffn2B()).reshape(b, rows, d);
        // DJL's encoder block adds the layer's input (not the normalised attention output) here
        return ffn.add(input).mul(w.norm2Scale()).add(w.norm2Shift());
    }

    private static NDArray gelu(NDArray x) {
        return ai.djl.nn.Activation.gelu(x);
    }

    private Layer layer(Block encoder) {
        // children in the order DJL adds them: attention, attention norm, feed-forward, output norm
        ScaledDotProductAttentionBlock attention = (ScaledDotProductAttentionBlock) childAt(encoder, 0);
        NDArray qkvW = NDArrays.concat(new NDList(
                value(attention.getQueryProjection(), "weight").transpose(),
                value(attention.getKeyProjection(), "weight").transpose(),
                value(attention.getValueProjection(), "weight").transpose()), 1);
        NDArray qkvB = NDArrays.concat(new NDList(
                value(attention.getQueryProjection(), "bias"),
                value(attention.getKeyProjection(), "bias"),
                value(attention.getValueProjection(), "bias")), 0);
        NDArray[] norm1 = foldBatchNorm(childAt(encoder, 1));
        Block ffnBlock = childAt(encoder, 2);
        NDArray[] norm2 = foldBatchNorm(childAt(encoder, 3));
        return new Layer(attach(qkvW), attach(qkvB),
                attach(value(attention.getResultProjection(), "weight").transpose()),
                attach(value(attention.getResultProjection(), "bias")),
                norm1[0], norm1[1],
                attach(value(childAt(ffnBlock, 0), "weight").transpose()),
                attach(value(childAt(ffnBlock, 0), "bias")),
                attach(value(childAt(ffnBlock, 2), "weight").transpose()),
                attach(value(childAt(ffnBlock, 2), "bias")),
                norm2[0], norm2[1]);
    }

    /** Inference-mode batch normalisation as y = x * scale + shift. */
    private NDArray[] foldBatchNorm(Block norm) {
        NDArray gamma = value(norm, "gamma");
        NDArray beta = value(norm, "beta");
        NDArray mean = value(norm, "runningMean");
        NDArray var = value(norm, "runningVar");
        NDArray scale = gamma.div(var.add(BATCH_NORM_EPSILON).sqrt());
        NDArray shift = beta.sub(mean.mul(scale));
        return new NDArray[] {attach(scale), attach(shift)};
    }

    private NDArray weight(Block block, String child) {
        return attach(value(child(block, child), "weight"));
    }

    private NDArray bias(Block block, String child) {
        return attach(value(child(block, child), "bias"));
    }

    /** Detached from autograd (parameters require gradients; recording them would slow scoring) and owned here. */
    private NDArray attach(NDArray a) {
        NDArray detached = a.stopGradient();
        detached.attach(manager);
        return detached;
    }

    /** A direct parameter of {@code block} (Linear: weight, bias; BatchNorm: gamma, beta, runningMean, runningVar). */
    private NDArray value(Block block, String suffix) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            if (p.getKey().endsWith(suffix)) {
                NDArray copy = p.getValue().getArray().duplicate();
                copy.attach(scratch);
                return copy;
            }
        }
        throw new IllegalStateException("no parameter '" + suffix + "' in " + block.getClass().getSimpleName());
    }

    private static Block childAt(Block block, int index) {
        return block.getChildren().get(index).getValue();
    }

    private static Block child(Block block, String name) {
        for (Pair<String, Block> c : block.getChildren()) {
            if (c.getKey().equals(name) || c.getKey().replaceFirst("^\\d+", "").equals(name)) {
                return c.getValue();
            }
        }
        throw new IllegalStateException("no child block '" + name + "' in " + block.getClass().getSimpleName()
                + " (children: " + block.getChildren().keys() + ")");
    }

    @Override
    public void close() {
        manager.close();
    }
}

package io.faalive.serving.faa;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.transformer.ScaledDotProductAttentionBlock;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * The multimodal encoder's forward pass for scoring, computing exactly what
 * {@link FaaBlock#fuse} computes in inference mode with fewer operations and fewer
 * intermediate arrays (on the 2-core development machine, a virtual machine, each page of
 * fresh memory costs a fault of about 16 µs; RESULTS.md, "Scoring speed"):
 * <ul>
 *   <li>every projection is one fused multiply-add ({@code torch.linear}), and query, key and
 *       value projections run as one product per layer;</li>
 *   <li>residual additions and normalisations update arrays in place;</li>
 *   <li>attention over the three rows (CLS, face, voice) is computed as broadcast products
 *       summed over an axis, not as B*H batched 3x3 matrix products with transposed copies of
 *       queries, keys and values (half the time per batch in a microbenchmark; its larger
 *       temporaries need the allocator settings {@code bin/faa} exports, RESULTS.md "Scoring speed");</li>
 *   <li>batch normalisation (DJL's transformer layers use it, with running statistics at
 *       inference) is folded into one scale and shift per channel;</li>
 *   <li>the last layer computes the CLS row only (the only row the head reads), with the key
 *       projection moved onto the query: a head's scores are {@code x_j . (Wk_h' q_h)}, so no
 *       key is computed (the key bias adds the same amount to every score and cancels in the
 *       softmax), and the value projection is applied once to the attention-weighted mean of
 *       the rows instead of to each row (the weights sum to one, so the value bias passes
 *       through and is folded into the output projection's bias);</li>
 *   <li>the cosine skip reads the aligned embeddings the encoder already computed from the same
 *       hidden states, instead of projecting each pair's hidden states again (a tenth of the
 *       multiply-adds; the same logits up to float rounding);</li>
 *   <li>the likelihood-ratio skip's three quadratic forms run as one, and its projections read
 *       only the columns the ratio was fitted on (the tail's or the inputs', when it was fitted
 *       on one of them).</li>
 * </ul>
 * Weights are copied out of the block at construction: rebuild after the parameters change.
 * {@code FaaScorerTest} checks it against the block.
 */
final class FusionInference implements AutoCloseable {

    private static final float BATCH_NORM_EPSILON = 1e-5f;

    /** Normalisation, feed-forward, normalisation of one layer; projections in torch.linear's [out, in] layout. */
    private record FeedForward(NDArray norm1Scale, NDArray norm1Shift, NDArray ffn1W, NDArray ffn1B, NDArray ffn2W,
            NDArray ffn2B, NDArray norm2Scale, NDArray norm2Shift) {}

    /** A layer computed on every row: query (scaled), key and value projections as one, the output projection. */
    private record Layer(NDArray qkvW, NDArray qkvB, NDArray outW, NDArray outB, FeedForward feedForward) {}

    /**
     * The last layer, computed for the CLS row: scaled query projection [d, d] and bias, key
     * projection per head [H, hd, d], value projection per head [H, d, hd], and the output
     * projection with the value bias folded into its bias.
     */
    private record ClsLayer(NDArray queryW, NDArray queryB, NDArray keyByHead, NDArray valueByHead,
            NDArray outW, NDArray outB, FeedForward feedForward) {}

    private final NDManager manager;
    private final NDManager scratch;
    private final FaaConfig config;
    private final NDArray faceTokenW;
    private final NDArray faceTokenB;
    private final NDArray voiceTokenW;
    private final NDArray voiceTokenB;
    /** The CLS token as a [1, d] row. */
    private final NDArray cls;
    /** Every layer but the last. */
    private final List<Layer> layers = new ArrayList<>();
    private final ClsLayer lastLayer;
    private final NDArray headW;
    private final NDArray headB;
    private final float cosineScale;
    /** Leading input columns of a face and of a voice state row (the tail follows them). */
    private final int faceInputs;
    private final int voiceInputs;
    /** Which columns of the state rows the likelihood ratio reads (the projection rows of the others are all zero). */
    private final Reads lrReads;

    private enum Reads { TAIL, INPUTS, ALL }
    /** The ratio's projections in torch.linear's [out, in] layout. */
    private final NDArray lrFaceProj;
    private final NDArray lrFaceBias;
    private final NDArray lrVoiceProj;
    private final NDArray lrVoiceBias;
    /** The ratio's three quadratic forms as one: [a b] Q [a b]' with Q = [[FaceQuad, Cross], [0, VoiceQuad]]. */
    private final NDArray lrQuadratic;
    private final float lrConstant;

    FusionInference(FaaBlock block, FaaConfig config, NDManager parent) {
        this.manager = parent.newSubManager();
        this.config = config;
        // copies of the parameters and what is derived from them live here until the kept
        // results are attached to this object's manager: without it each rebuild (after
        // every training step that is validated) left its intermediates in the model's manager
        this.scratch = parent.newSubManager();
        try {
            faceTokenW = weight(block, "faceToken");
            voiceTokenW = weight(block, "voiceToken");
            NDArray special = value(block, "special");
            // the modality embeddings are constants added to each token: fold them into the biases
            cls = attach(special.get("0:1"));
            faceTokenB = attach(bias(block, "faceToken").add(special.get(1)));
            voiceTokenB = attach(bias(block, "voiceToken").add(special.get(2)));
            for (int i = 0; i < config.fusionLayers - 1; i++) {
                layers.add(layer(child(block, "fusion" + i)));
            }
            lastLayer = clsLayer(child(block, "fusion" + (config.fusionLayers - 1)));
            headW = weight(block, "head");
            headB = bias(block, "head");
            cosineScale = value(block, "cosineScale").getFloat();
            // a ratio fitted on the tail or on the inputs alone has zero rows for the other columns: skip them
            faceInputs = config.inputColumns(block.faceDim());
            voiceInputs = config.inputColumns(block.voiceDim());
            NDArray faceProj = value(block, "lrFaceProj");
            NDArray voiceProj = value(block, "lrVoiceProj");
            if (faceInputs == 0 || !faceProj.get(":" + faceInputs).any().getBoolean()
                    && !voiceProj.get(":" + voiceInputs).any().getBoolean()) {
                lrReads = Reads.TAIL;
            } else if (!faceProj.get(faceInputs + ":").any().getBoolean() && !voiceProj.get(voiceInputs + ":").any().getBoolean()) {
                lrReads = Reads.INPUTS;
            } else {
                lrReads = Reads.ALL;
            }
            lrFaceProj = attach(rowsRead(faceProj, faceInputs).transpose());
            lrFaceBias = attach(value(block, "lrFaceBias"));
            lrVoiceProj = attach(rowsRead(voiceProj, voiceInputs).transpose());
            lrVoiceBias = attach(value(block, "lrVoiceBias"));
            NDArray cross = value(block, "lrCross");
            NDArray faceRows = NDArrays.concat(new NDList(value(block, "lrFaceQuad"), cross), 1);
            NDArray voiceRows = NDArrays.concat(new NDList(cross.transpose().zerosLike(), value(block, "lrVoiceQuad")), 1);
            lrQuadratic = attach(NDArrays.concat(new NDList(faceRows, voiceRows), 0));
            lrConstant = value(block, "lrConstant").getFloat();
        } finally {
            scratch.close();
        }
    }

    /** The projection rows of the columns the ratio reads. */
    private NDArray rowsRead(NDArray proj, int inputs) {
        return switch (lrReads) {
            case TAIL -> inputs == 0 ? proj : proj.get(inputs + ":");
            case INPUTS -> proj.get(":" + inputs);
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

    /**
     * Match logits [B] of face/voice states [B, stateDim] (the tail's hidden state is the last
     * {@code hidden} columns) and their aligned embeddings [B, embedding] (unit rows, for the
     * cosine skip: the encoder computes them from the same hidden states, so they are read,
     * not computed again per pair).
     */
    NDArray logits(NDArray faceState, NDArray faceEmbedding, NDArray voiceState, NDArray voiceEmbedding) {
        long b = faceState.getShape().get(0);
        NDArray faceHidden = faceInputs > 0 ? faceState.get(":, " + faceInputs + ":") : faceState;
        NDArray voiceHidden = voiceInputs > 0 ? voiceState.get(":, " + voiceInputs + ":") : voiceState;
        // every array of the call lives in the caller's manager (closed after the call): an
        // operation's result joins the manager of its first operand, so the batch's arrays go first
        NDArray f = linear(faceHidden, faceTokenW, faceTokenB);
        NDArray v = linear(voiceHidden, voiceTokenW, voiceTokenB);
        NDArray c = cls.broadcast(b, config.fusionDim);
        c.attach(faceHidden.getManager());
        NDArray tokens = NDArrays.stack(new NDList(c, f, v), 1); // [B,3,d]
        for (Layer layer : layers) {
            tokens = layer(layer, tokens, b);
        }
        NDArray clsOut = clsLayer(lastLayer, tokens);
        NDArray logit = linear(clsOut, headW, headB).reshape(b);
        NDArray a = linear(columnsRead(faceState, faceHidden, faceInputs), lrFaceProj, lrFaceBias);
        NDArray bv = linear(columnsRead(voiceState, voiceHidden, voiceInputs), lrVoiceProj, lrVoiceBias);
        NDArray ab = NDArrays.concat(new NDList(a, bv), 1);
        int[] rows = {1};
        // in place on the staged copy of the face embeddings (restaged on every call)
        return logit.addi(faceEmbedding.muli(voiceEmbedding).sum(rows).muli(cosineScale))
                .addi(ab.matMul(lrQuadratic).muli(ab).sum(rows))
                .addi(lrConstant);
    }

    /** One post-norm layer as DJL builds it, on all rows of x [B,T,d]. */
    private NDArray layer(Layer w, NDArray x, long b) {
        int d = config.fusionDim;
        int heads = config.fusionHeads;
        int hd = d / heads;
        long t = x.getShape().get(1);
        NDArray qkv = linear(x, w.qkvW(), w.qkvB()); // [B,T,3d]: queries, keys, values
        // three rows: broadcast products summed over an axis, not matrix products (class comment)
        NDArray q = qkv.get(":, :, 0:" + d).reshape(b, t, 1, heads, hd);
        NDArray k = qkv.get(":, :, " + d + ":" + 2 * d).reshape(b, 1, t, heads, hd);
        NDArray v = qkv.get(":, :, " + 2 * d + ":").reshape(b, 1, t, heads, hd);
        NDArray weights = q.mul(k).sum(new int[] {4}, true).softmax(2); // [B,T,T,H,1]; queries come scaled
        NDArray merged = weights.mul(v).sum(new int[] {2}).reshape(b, t, d);
        return feedForward(w.feedForward(), linear(merged, w.outW(), w.outB()), x);
    }

    /**
     * The last layer for the CLS row only ([B,d]), attention rewritten per head h with W the
     * [out, in] projections: scores {@code x_j . (Wk_h' q_h)}, output {@code Wv_h (sum_j a_j x_j) + bv_h}.
     */
    private NDArray clsLayer(ClsLayer att, NDArray x) {
        long b = x.getShape().get(0);
        int d = config.fusionDim;
        int heads = config.fusionHeads;
        NDArray input = x.get(":, 0"); // [B,d]
        NDArray q = linear(input, att.queryW(), att.queryB()).reshape(b, heads, d / heads).transpose(1, 0, 2); // [H,B,hd]
        NDArray keyed = q.matMul(att.keyByHead()).transpose(1, 0, 2); // [B,H,d]
        NDArray weights = keyed.matMul(x.transpose(0, 2, 1)).softmax(2); // [B,H,T]
        NDArray mean = weights.matMul(x).transpose(1, 0, 2); // [H,B,d]
        NDArray merged = mean.matMul(att.valueByHead()).transpose(1, 0, 2).reshape(b, d); // [B,d]
        return feedForward(att.feedForward(), linear(merged, att.outW(), att.outB()), input);
    }

    /** Residual, normalisation, feed-forward, residual, normalisation; updates {@code projected} in place. */
    private static NDArray feedForward(FeedForward w, NDArray projected, NDArray input) {
        // DJL's encoder block adds the layer's input (not the normalised attention output) after the feed-forward too
        NDArray normalised = projected.addi(input).muli(w.norm1Scale()).addi(w.norm1Shift());
        NDArray hidden = gelu(linear(normalised, w.ffn1W(), w.ffn1B()));
        return linear(hidden, w.ffn2W(), w.ffn2B()).addi(input).muli(w.norm2Scale()).addi(w.norm2Shift());
    }

    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return Linear.linear(x, weight, bias).singletonOrThrow();
    }

    private static NDArray gelu(NDArray x) {
        return ai.djl.nn.Activation.gelu(x);
    }

    private Layer layer(Block encoder) {
        // children in the order DJL adds them: attention, attention norm, feed-forward, output norm
        ScaledDotProductAttentionBlock attention = (ScaledDotProductAttentionBlock) childAt(encoder, 0);
        // the scores' 1/sqrt(head size) is folded into the query projection, as in the last layer
        float scale = 1f / (float) Math.sqrt(config.fusionDim / config.fusionHeads);
        NDArray qkvW = NDArrays.concat(new NDList(
                value(attention.getQueryProjection(), "weight").mul(scale),
                value(attention.getKeyProjection(), "weight"),
                value(attention.getValueProjection(), "weight")), 0);
        NDArray qkvB = NDArrays.concat(new NDList(
                value(attention.getQueryProjection(), "bias").mul(scale),
                value(attention.getKeyProjection(), "bias"),
                value(attention.getValueProjection(), "bias")), 0);
        return new Layer(attach(qkvW), attach(qkvB),
                weight(attention.getResultProjection()), bias(attention.getResultProjection()), feedForward(encoder));
    }

    private ClsLayer clsLayer(Block encoder) {
        ScaledDotProductAttentionBlock attention = (ScaledDotProductAttentionBlock) childAt(encoder, 0);
        int d = config.fusionDim;
        int heads = config.fusionHeads;
        int hd = d / heads;
        float scale = 1f / (float) Math.sqrt(hd);
        NDArray key = value(attention.getKeyProjection(), "weight"); // [out, in]: rows h*hd.. are head h
        NDArray valueW = value(attention.getValueProjection(), "weight");
        NDArray valueB = value(attention.getValueProjection(), "bias");
        NDArray outW = value(attention.getResultProjection(), "weight");
        NDArray outB = value(attention.getResultProjection(), "bias");
        return new ClsLayer(
                attach(value(attention.getQueryProjection(), "weight").mul(scale)),
                attach(value(attention.getQueryProjection(), "bias").mul(scale)),
                attach(key.reshape(heads, hd, d)),
                attach(valueW.reshape(heads, hd, d).transpose(0, 2, 1).duplicate()),
                attach(outW),
                attach(outW.matMul(valueB).add(outB)),
                feedForward(encoder));
    }

    private FeedForward feedForward(Block encoder) {
        // children in the order DJL adds them: attention, attention norm, feed-forward, output norm
        NDArray[] norm1 = foldBatchNorm(childAt(encoder, 1));
        Block ffnBlock = childAt(encoder, 2);
        NDArray[] norm2 = foldBatchNorm(childAt(encoder, 3));
        return new FeedForward(norm1[0], norm1[1],
                weight(childAt(ffnBlock, 0)), bias(childAt(ffnBlock, 0)),
                weight(childAt(ffnBlock, 2)), bias(childAt(ffnBlock, 2)),
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
        return weight(child(block, child));
    }

    private NDArray bias(Block block, String child) {
        return bias(child(block, child));
    }

    /** A linear block's weight in its own [out, in] layout, owned here. */
    private NDArray weight(Block linear) {
        return attach(value(linear, "weight"));
    }

    private NDArray bias(Block linear) {
        return attach(value(linear, "bias"));
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

package io.faalive.serving.faa;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.transformer.TransformerEncoderBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The FAA network. Unimodal encoders {@code Dropout -> Linear(D,256) -> ReLU} per modality
 * and a shared tail {@code Linear(256,256) -> ReLU -> Linear(256,128)}, L2-normalised: the
 * aligned space. The multimodal encoder reads each modality's state (the tail's hidden layer
 * before the normalised projection, so norms and magnitudes survive, preceded by the
 * encoder's input when {@link FaaConfig#likelihoodRatioInputs}). Its transformer takes the
 * tail part as tokens {@code [CLS, face, voice]} with modality embeddings; CLS gives one match
 * logit, added to a skip path from the unimodal side: the scaled aligned cosine, or after
 * alignment a Gaussian likelihood ratio of the states fitted in closed form
 * ({@link PairLikelihoodRatio}). Forward input: (faces [B,Df], voices [B,Dv]); output: logits [B].
 */
public final class FaaBlock extends AbstractBlock {

    private static final byte VERSION = 3;

    private final FaaConfig config;
    private final int faceDim;
    private final int voiceDim;
    private final Block faceIn;
    private final Block voiceIn;
    private final Block tailHidden;
    /** Linear maps of the inputs added to the hidden state ({@link FaaConfig#linearShortcut}), else null. */
    private final Block faceShortcut;
    private final Block voiceShortcut;
    private final Block tailOut;
    private final Block faceToken;
    private final Block voiceToken;
    private final List<Block> fusionLayers = new ArrayList<>();
    private final Block head;
    private final Parameter special;
    private final Parameter cosineScale;
    /** The likelihood-ratio skip ({@link PairLikelihoodRatio}): zero until fitted after alignment. */
    private final Parameter lrFaceProj;
    private final Parameter lrFaceBias;
    private final Parameter lrVoiceProj;
    private final Parameter lrVoiceBias;
    private final Parameter lrCross;
    private final Parameter lrFaceQuad;
    private final Parameter lrVoiceQuad;
    private final Parameter lrConstant;

    /**
     * What a unimodal encoder produces: the state the multimodal encoder reads ([B, stateDim]:
     * the tail's hidden state, preceded by the normalised input where the config asks for it)
     * and the aligned embedding.
     */
    public record Encoded(NDArray hidden, NDArray embedding) {}

    public FaaBlock(FaaConfig config, int faceDim, int voiceDim) {
        super(VERSION);
        this.config = config;
        this.faceDim = faceDim;
        this.voiceDim = voiceDim;
        faceIn = addChildBlock("faceIn", inputBlock(config));
        voiceIn = addChildBlock("voiceIn", inputBlock(config));
        tailHidden = addChildBlock("tailHidden", new SequentialBlock()
                .add(Linear.builder().setUnits(config.hidden).build()).add(Activation::relu));
        tailOut = addChildBlock("tailOut", Linear.builder().setUnits(config.embedding).build());
        faceShortcut = config.linearShortcut
                ? addChildBlock("faceShortcut", Linear.builder().setUnits(config.hidden).optBias(false).build()) : null;
        voiceShortcut = config.linearShortcut
                ? addChildBlock("voiceShortcut", Linear.builder().setUnits(config.hidden).optBias(false).build()) : null;
        faceToken = addChildBlock("faceToken", Linear.builder().setUnits(config.fusionDim).build());
        voiceToken = addChildBlock("voiceToken", Linear.builder().setUnits(config.fusionDim).build());
        for (int i = 0; i < config.fusionLayers; i++) {
            fusionLayers.add(addChildBlock("fusion" + i, new TransformerEncoderBlock(config.fusionDim,
                    config.fusionHeads, config.fusionFfn, config.fusionDropout, Activation::gelu)));
        }
        head = addChildBlock("head", Linear.builder().setUnits(1).build());
        // Rows: the CLS token, the face modality embedding, the voice modality embedding.
        special = addParameter(Parameter.builder().setName("special").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(3, config.fusionDim)).build());
        cosineScale = addParameter(Parameter.builder().setName("cosineScale").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1)).optInitializer(new ai.djl.training.initializer.ConstantInitializer(FaaScorer.INITIAL_COSINE_SCALE)).build());
        int r = config.likelihoodRatioMaxRank();
        lrFaceProj = fixed("lrFaceProj", new Shape(config.stateDim(faceDim), r));
        lrFaceBias = fixed("lrFaceBias", new Shape(r));
        lrVoiceProj = fixed("lrVoiceProj", new Shape(config.stateDim(voiceDim), r));
        lrVoiceBias = fixed("lrVoiceBias", new Shape(r));
        lrCross = fixed("lrCross", new Shape(r, r));
        lrFaceQuad = fixed("lrFaceQuad", new Shape(r, r));
        lrVoiceQuad = fixed("lrVoiceQuad", new Shape(r, r));
        lrConstant = fixed("lrConstant", new Shape(1));
    }

    /** A parameter set in closed form (never by the optimiser), zero until then. */
    private Parameter fixed(String name, Shape shape) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.OTHER).optShape(shape)
                .optRequiresGrad(false).optInitializer(new ai.djl.training.initializer.ConstantInitializer(0f)).build());
    }

    /**
     * Installs a fitted likelihood ratio as the skip path and sets the cosine skip's scale to
     * zero (the likelihood ratio contains the cross-modal term); {@code null} removes it.
     */
    public void setLikelihoodRatio(PairLikelihoodRatio lr, float cosineScaleValue) {
        int r = config.likelihoodRatioMaxRank();
        if (lr == null) {
            for (Parameter p : List.of(lrFaceProj, lrFaceBias, lrVoiceProj, lrVoiceBias, lrCross, lrFaceQuad, lrVoiceQuad,
                    lrConstant)) {
                p.getArray().set(new float[(int) p.getArray().size()]);
            }
        } else {
            if (lr.faceBias().length != r || lr.faceProj().length != config.stateDim(faceDim)
                    || lr.voiceProj().length != config.stateDim(voiceDim)) {
                throw new IllegalArgumentException("likelihood ratio of rank " + lr.faceBias().length + " over "
                        + lr.faceProj().length + "-d face and " + lr.voiceProj().length + "-d voice states, the block holds "
                        + r + " over " + config.stateDim(faceDim) + " and " + config.stateDim(voiceDim));
            }
            lrFaceProj.getArray().set(flat(lr.faceProj()));
            lrFaceBias.getArray().set(lr.faceBias());
            lrVoiceProj.getArray().set(flat(lr.voiceProj()));
            lrVoiceBias.getArray().set(lr.voiceBias());
            lrCross.getArray().set(flat(lr.cross()));
            lrFaceQuad.getArray().set(flat(lr.faceQuad()));
            lrVoiceQuad.getArray().set(flat(lr.voiceQuad()));
            lrConstant.getArray().set(new float[] {lr.constant()});
        }
        cosineScale.getArray().set(new float[] {cosineScaleValue});
    }

    private static float[] flat(float[][] m) {
        float[] out = new float[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, out, i * m[0].length, m[0].length);
        }
        return out;
    }

    private static Block inputBlock(FaaConfig config) {
        return new SequentialBlock()
                .add(Dropout.builder().optRate(config.inputDropout).build())
                .add(Linear.builder().setUnits(config.hidden).build())
                .add(Activation::relu);
    }

    /**
     * Starts the head's weights at zero (call after the block-wide initializer is set): the
     * untrained multimodal encoder then adds nothing to the aligned cosine of the skip
     * connection (residual-style initialisation).
     */
    void startHeadAtZero() {
        head.setInitializer(new ai.djl.training.initializer.ConstantInitializer(0f), Parameter.Type.WEIGHT);
    }

    public int faceDim() {
        return faceDim;
    }

    public int voiceDim() {
        return voiceDim;
    }

    public Encoded encodeFaces(ParameterStore ps, NDArray faces, boolean training) {
        return encode(ps, faceIn, faceShortcut, faces, training);
    }

    public Encoded encodeVoices(ParameterStore ps, NDArray voices, boolean training) {
        return encode(ps, voiceIn, voiceShortcut, voices, training);
    }

    private NDArray embed(ParameterStore ps, NDArray hidden, boolean training) {
        return tailOut.forward(ps, new NDList(hidden), training).singletonOrThrow().normalize(2, 1);
    }

    private Encoded encode(ParameterStore ps, Block in, Block shortcut, NDArray x, boolean training) {
        // Inputs arrive L2-normalised; scaled by sqrt(D) each component has unit variance, so
        // the signal is not drowned by the biases as soon as Adam moves them.
        NDArray scaled = x.mul((float) Math.sqrt(x.getShape().get(1)));
        NDArray h0 = in.forward(ps, new NDList(scaled), training).singletonOrThrow();
        NDArray h = tailHidden.forward(ps, new NDList(h0), training).singletonOrThrow();
        if (shortcut != null) {
            h = h.add(shortcut.forward(ps, new NDList(scaled), training).singletonOrThrow());
        }
        NDArray state = config.stateHasInputs() ? NDArrays.concat(new NDList(x, h), 1) : h;
        return new Encoded(state, embed(ps, h, training));
    }

    /** The tail's hidden state within a state row of a modality with {@code inputDim}-d inputs (its last {@code hidden} columns). */
    NDArray tail(NDArray state, int inputDim) {
        int from = config.inputColumns(inputDim);
        return from == 0 ? state : state.get(":, " + from + ":");
    }

    /** Match logits of face/voice state pairs ([B, stateDim(faceDim)], [B, stateDim(voiceDim)]) -> [B]. */
    public NDArray fuse(ParameterStore ps, NDArray faceState, NDArray voiceState, boolean training) {
        NDArray faceHidden = tail(faceState, faceDim);
        NDArray voiceHidden = tail(voiceState, voiceDim);
        NDArray sp = ps.getValue(special, faceHidden.getDevice(), training);
        long b = faceHidden.getShape().get(0);
        // Slices of a parameter live in the parameter's manager: move them to the batch's.
        NDManager batch = faceHidden.getManager();
        NDArray clsRow = sp.get(0);
        NDArray faceType = sp.get(1);
        NDArray voiceType = sp.get(2);
        clsRow.attach(batch);
        faceType.attach(batch);
        voiceType.attach(batch);
        NDArray cls = clsRow.expandDims(0).broadcast(new Shape(b, config.fusionDim));
        NDArray f = faceToken.forward(ps, new NDList(faceHidden), training).singletonOrThrow().add(faceType);
        NDArray v = voiceToken.forward(ps, new NDList(voiceHidden), training).singletonOrThrow().add(voiceType);
        NDArray tokens = NDArrays.stack(new NDList(cls, f, v), 1);
        for (Block layer : fusionLayers) {
            tokens = layer.forward(ps, new NDList(tokens), training).singletonOrThrow();
        }
        NDArray clsOut = tokens.get(":, 0, :");
        NDArray logit = head.forward(ps, new NDList(clsOut), training).singletonOrThrow().reshape(b);
        // Skip connection from the aligned space: the head starts from the pair's cosine
        // (times a learned scale) and learns corrections from the hidden states. Without
        // it the transformer needs hundreds of steps before it beats chance, and meanwhile
        // validation stalls and progressive clustering lowers K for no reason.
        NDArray cosine = embed(ps, faceHidden, training).mul(embed(ps, voiceHidden, training)).sum(new int[] {1});
        NDArray scale = ps.getValue(cosineScale, faceHidden.getDevice(), training);
        return logit.add(cosine.mul(scale)).add(likelihoodRatio(ps, faceState, voiceState, training));
    }

    /** The likelihood-ratio skip: a'Cross b + a'FaceQuad a + b'VoiceQuad b + constant on the canonical projections. */
    private NDArray likelihoodRatio(ParameterStore ps, NDArray faceState, NDArray voiceState, boolean training) {
        ai.djl.Device device = faceState.getDevice();
        NDArray a = faceState.matMul(ps.getValue(lrFaceProj, device, training)).add(ps.getValue(lrFaceBias, device, training));
        NDArray b = voiceState.matMul(ps.getValue(lrVoiceProj, device, training)).add(ps.getValue(lrVoiceBias, device, training));
        int[] rows = {1};
        return a.matMul(ps.getValue(lrCross, device, training)).mul(b).sum(rows)
                .add(a.matMul(ps.getValue(lrFaceQuad, device, training)).mul(a).sum(rows))
                .add(b.matMul(ps.getValue(lrVoiceQuad, device, training)).mul(b).sum(rows))
                .add(ps.getValue(lrConstant, device, training));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        Encoded f = encodeFaces(ps, inputs.get(0), training);
        Encoded v = encodeVoices(ps, inputs.get(1), training);
        return new NDList(fuse(ps, f.hidden(), v.hidden(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0))};
    }

    @Override
    public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        faceIn.initialize(manager, dataType, new Shape(b, faceDim));
        voiceIn.initialize(manager, dataType, new Shape(b, voiceDim));
        tailHidden.initialize(manager, dataType, new Shape(b, config.hidden));
        tailOut.initialize(manager, dataType, new Shape(b, config.hidden));
        if (faceShortcut != null) {
            faceShortcut.initialize(manager, dataType, new Shape(b, faceDim));
            voiceShortcut.initialize(manager, dataType, new Shape(b, voiceDim));
        }
        faceToken.initialize(manager, dataType, new Shape(b, config.hidden));
        voiceToken.initialize(manager, dataType, new Shape(b, config.hidden));
        for (Block layer : fusionLayers) {
            layer.initialize(manager, dataType, new Shape(b, 3, config.fusionDim));
        }
        head.initialize(manager, dataType, new Shape(b, config.fusionDim));
    }

    /** Initialises every parameter for the configured input sizes. */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, faceDim), new Shape(1, voiceDim));
    }
}

package io.faalive.serving.faa;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Scores (face, voice) pairs with an FAA model: fusion probability or cosine in the aligned
 * space, and embeds faces and voices into that space. Load a trained model with
 * {@link #load(Path)}; inputs are L2-normalised here, as in training. Not thread-safe: one
 * instance per thread (the job's batched inference shares one per TaskManager). Close it.
 */
public final class FaaScorer implements AutoCloseable {

    /** Pairs per forward pass when scoring large batches. */
    public static final int SCORE_BATCH = 1024;
    /** The cosine skip's scale before training: an untrained head scores as this times the aligned cosine. */
    public static final float INITIAL_COSINE_SCALE = 10f;

    private final NDManager manager;
    private final FaaBlock block;
    private ParameterStore store;
    private FusionInference inference;
    private final ModelInfo info;
    /** Native staging memory for the arrays a call creates from Java rows (face and voice states, then embeddings). */
    private final ByteBuffer[] staging = new ByteBuffer[4];

    /**
     * States the multimodal encoder reads (for fusion: the normalised input and the tail's
     * hidden state, {@link FaaConfig#stateDim}) and aligned embeddings (for cosine) of a batch of inputs.
     */
    public record Encoded(float[][] hidden, float[][] embedding) {}

    /** A freshly initialised scorer, to be trained (the lab's trainer). */
    public FaaScorer(FaaConfig config, int faceDim, int voiceDim, ModelInfo info) {
        this.manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
        this.block = new FaaBlock(config, faceDim, voiceDim);
        block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        block.setInitializer(new NormalInitializer(0.02f), "special");
        block.setInitializer(new ai.djl.training.initializer.ConstantInitializer(INITIAL_COSINE_SCALE), "cosineScale");
        block.startHeadAtZero();
        block.initialize(manager);
        this.store = new ParameterStore(manager, false);
        this.info = info;
    }

    /** A randomly initialised model: for benchmarks and tests, where the weights do not matter. */
    public static FaaScorer untrained(FaaConfig config, int faceDim, int voiceDim) {
        ModelInfo info = new ModelInfo();
        info.config = config;
        info.faceDim = faceDim;
        info.voiceDim = voiceDim;
        info.version = "untrained";
        return new FaaScorer(config, faceDim, voiceDim, info);
    }

    /** Loads a model directory written by {@link ModelArtifact#save}; fails with a readable message. */
    public static FaaScorer load(Path dir) throws IOException {
        ModelInfo info = ModelArtifact.readInfo(dir);
        FaaScorer scorer = new FaaScorer(info.config, info.faceDim, info.voiceDim, info);
        Path params = dir.resolve(ModelArtifact.PARAMS);
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(params)))) {
            scorer.block.loadParameters(scorer.manager, in);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            scorer.close();
            throw new IOException("Model parameters " + params + " are corrupt or do not match model.json (face "
                    + info.faceDim + "-d, voice " + info.voiceDim + "-d): " + e.getMessage(), e);
        }
        return scorer;
    }

    /** Loads a model and checks it was built for these input sizes. */
    public static FaaScorer load(Path dir, int faceDim, int voiceDim) throws IOException {
        FaaScorer scorer = load(dir);
        if (scorer.faceDim() != faceDim || scorer.voiceDim() != voiceDim) {
            int f = scorer.faceDim();
            int v = scorer.voiceDim();
            scorer.close();
            throw new IOException("Model " + dir + " expects " + f + "-d faces and " + v + "-d voices, not "
                    + faceDim + "-d and " + voiceDim + "-d: it was built for other encoders");
        }
        return scorer;
    }

    public ModelInfo info() {
        return info;
    }

    public int faceDim() {
        return block.faceDim();
    }

    public int voiceDim() {
        return block.voiceDim();
    }

    public boolean hasFusion() {
        return info.config.fusion();
    }

    // The trainer's hooks (model-serving/lab trains the scorer in place); scoring uses none of them.

    public FaaBlock block() {
        return block;
    }

    public NDManager manager() {
        return manager;
    }

    public ParameterStore store() {
        return store;
    }

    /** After parameters are replaced (a checkpoint restored), forget the store's cached arrays. */
    public void resetStore() {
        store = new ParameterStore(manager, false);
        weightsChanged();
    }

    /** The weights changed (a training step): the scoring path is rebuilt on next use. */
    public void weightsChanged() {
        if (inference != null) {
            inference.close();
            inference = null;
        }
    }

    /** The scoring path of the multimodal encoder, built from the current weights on first use. */
    private FusionInference inference() {
        if (inference == null) {
            inference = new FusionInference(block, info.config, manager);
        }
        return inference;
    }

    /**
     * Match logits through DJL's generic blocks (the reference the scoring path is tested
     * against, and the baseline of {@code bin/faa bench-score}).
     */
    public float[] fusionLogitsReference(float[][] faceHidden, float[][] voiceHidden) {
        return fusionLogits(faceHidden, null, voiceHidden, null, true);
    }

    /** Hidden states (what the fusion reads) and aligned embeddings of faces. */
    public Encoded encodeFaces(float[][] faces) {
        return encode(faces, true, true);
    }

    /** Hidden states (what the fusion reads) and aligned embeddings of voices. */
    public Encoded encodeVoices(float[][] voices) {
        return encode(voices, false, true);
    }

    /** Aligned embeddings of faces (unit rows), without the hidden states. */
    public float[][] embedFaces(float[][] faces) {
        return encode(faces, true, false).embedding();
    }

    /** Aligned embeddings of voices (unit rows), without the hidden states. */
    public float[][] embedVoices(float[][] voices) {
        return encode(voices, false, false).embedding();
    }

    private Encoded encode(float[][] x, boolean face, boolean withHidden) {
        int dim = face ? faceDim() : voiceDim();
        float[][] hidden = withHidden ? new float[x.length][] : null;
        float[][] emb = new float[x.length][];
        for (int from = 0; from < x.length; from += SCORE_BATCH) {
            int to = Math.min(x.length, from + SCORE_BATCH);
            try (NDManager m = manager.newSubManager()) {
                NDArray in = staged(m, 0, x, from, to, dim).normalize(2, 1);
                FaaBlock.Encoded e = face ? block.encodeFaces(store, in, false) : block.encodeVoices(store, in, false);
                if (withHidden) {
                    unflatten(e.hidden().toFloatArray(), hidden, from, to);
                }
                unflatten(e.embedding().toFloatArray(), emb, from, to);
            }
        }
        return new Encoded(hidden, emb);
    }

    /** Match probabilities of encoded face/voice pairs (row i with row i). */
    public float[] fusion(Encoded faces, Encoded voices) {
        float[] logits = fusionLogits(faces, voices);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (1 / (1 + Math.exp(-logits[i])));
        }
        return logits;
    }

    /**
     * Match logits (log-odds; no saturation, so ranking keeps its resolution) of encoded
     * face/voice pairs (row i with row i): the multimodal encoder reads the hidden states, its
     * cosine skip the embeddings, both as {@link #encodeFaces} and {@link #encodeVoices} return them.
     */
    public float[] fusionLogits(Encoded faces, Encoded voices) {
        if (faces.hidden() == null || voices.hidden() == null) {
            throw new IllegalArgumentException("Fusion reads hidden states: encode with encodeFaces/encodeVoices, "
                    + "not embedFaces/embedVoices");
        }
        return fusionLogits(faces.hidden(), faces.embedding(), voices.hidden(), voices.embedding(), false);
    }

    private float[] fusionLogits(float[][] faceHidden, float[][] faceEmbedding, float[][] voiceHidden,
            float[][] voiceEmbedding, boolean reference) {
        if (!hasFusion()) {
            throw new IllegalStateException("Model " + info.version + " (" + info.config.method
                    + ") was trained without the multimodal encoder: score with cosine");
        }
        int n = faceHidden.length;
        if (voiceHidden.length != n) {
            throw new IllegalArgumentException(n + " face states but " + voiceHidden.length + " voice states: pairs are row i with row i");
        }
        if (!reference && (faceEmbedding.length != n || voiceEmbedding.length != n)) {
            throw new IllegalArgumentException("pairs need as many embeddings as hidden states (" + n + "): "
                    + faceEmbedding.length + " face and " + voiceEmbedding.length + " voice embeddings");
        }
        int hf = info.config.stateDim(faceDim());
        int hv = info.config.stateDim(voiceDim());
        int e = info.config.embedding;
        float[] out = new float[n];
        for (int from = 0; from < n; from += SCORE_BATCH) {
            int to = Math.min(n, from + SCORE_BATCH);
            try (NDManager m = manager.newSubManager()) {
                NDArray f = staged(m, 0, faceHidden, from, to, hf);
                NDArray v = staged(m, 1, voiceHidden, from, to, hv);
                float[] p = reference ? block.fuse(store, f, v, false).toFloatArray()
                        : inference().logits(f, staged(m, 2, faceEmbedding, from, to, e), v,
                                staged(m, 3, voiceEmbedding, from, to, e)).toFloatArray();
                System.arraycopy(p, 0, out, from, p.length);
            }
        }
        return out;
    }

    /** Cosine of aligned embeddings (row i with row i). */
    public static float[] cosine(float[][] faceEmbedding, float[][] voiceEmbedding) {
        float[] out = new float[faceEmbedding.length];
        for (int i = 0; i < out.length; i++) {
            float s = 0;
            float[] f = faceEmbedding[i];
            float[] v = voiceEmbedding[i];
            for (int k = 0; k < f.length; k++) {
                s += f[k] * v[k];
            }
            out[i] = s;
        }
        return out;
    }

    /** Fusion probability of raw (face, voice) vector pairs. */
    public float[] scoreFusion(float[][] faces, float[][] voices) {
        return fusion(encodeFaces(faces), encodeVoices(voices));
    }

    /** Aligned-space cosine of raw (face, voice) vector pairs. */
    public float[] scoreCosine(float[][] faces, float[][] voices) {
        return cosine(embedFaces(faces), embedVoices(voices));
    }

    void saveParameters(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
            block.saveParameters(out);
        }
    }

    /**
     * Rows {@code from..to} of x as an array that reads this scorer's staging memory for
     * {@code slot} (reused from call to call: fresh native memory for every batch cost more
     * page faults than the scoring's arithmetic). Valid until the slot is staged again.
     */
    private NDArray staged(NDManager m, int slot, float[][] x, int from, int to, int dim) {
        int bytes = (to - from) * dim * Float.BYTES;
        ByteBuffer buffer = staging[slot];
        if (buffer == null || buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
            staging[slot] = buffer;
        }
        FloatBuffer floats = buffer.clear().asFloatBuffer();
        for (int i = from; i < to; i++) {
            if (x[i].length != dim) {
                throw new IllegalArgumentException("Row " + i + " has " + x[i].length + " values; the model expects " + dim);
            }
            floats.put(x[i]);
        }
        return m.create(buffer.limit(bytes), new Shape(to - from, dim), DataType.FLOAT32);
    }

    private static void unflatten(float[] flat, float[][] out, int from, int to) {
        int dim = flat.length / (to - from);
        for (int i = from; i < to; i++) {
            out[i] = java.util.Arrays.copyOfRange(flat, (i - from) * dim, (i - from + 1) * dim);
        }
    }

    @Override
    public void close() {
        weightsChanged();
        manager.close();
    }
}

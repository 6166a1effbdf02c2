package io.faalive.lab.train;

import io.faalive.serving.faa.FaaBlock;
import io.faalive.serving.faa.FaaConfig;
import io.faalive.serving.faa.FaaScorer;
import io.faalive.serving.faa.ModelInfo;
import io.faalive.serving.faa.PairLikelihoodRatio;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.faalive.lab.data.EmbeddingDataset;
import io.faalive.lab.data.Split;
import io.faalive.lab.data.Trials;
import io.faalive.lab.eval.Evaluation;
import io.faalive.lab.eval.ModelPairScorer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Trains FAA (or the Self-Lifting baseline) without identity labels: each epoch reclusters
 * the training videos into pseudo-labels (dual-modality pooling, spherical k-means), then
 * optimises L_MS + lambda L_FVM with Adam. Validation AUC-U every N steps drives
 * progressive clustering (K x decay after a stall), early stopping and the kept checkpoint.
 */
public final class FaaTrainer {

    /** One validation point of the training curve. */
    public record CurvePoint(int step, int epoch, double loss, double msLoss, double fvmLoss, double valAuc, int clusters) {}

    /** The trained model (best validation checkpoint), its description and its curve. */
    public record Outcome(FaaScorer model, ModelInfo info, List<CurvePoint> curve) {}

    private final EmbeddingDataset data;
    private final FaaConfig config;
    private final long seed;
    private final Consumer<String> progress;
    private int skippedSteps;
    private Phase phase = Phase.JOINT;
    private FaaScorer alignedSource;
    /** Seconds spent per part of training (clustering, steps, validation, skip fit), for model.json. */
    private final java.util.Map<String, Double> seconds = new java.util.LinkedHashMap<>();
    /** The verification pairs every validation scores (see {@link FaaConfig#validationPairs}). */
    private final Trials validationTrials;

    public FaaTrainer(EmbeddingDataset data, FaaConfig config, long seed, Consumer<String> progress) {
        this.data = data;
        this.config = config;
        this.seed = seed;
        this.progress = progress;
        this.validationTrials = ValidationTrials.of(data, config.validationPairs);
    }

    /**
     * Skips the alignment phase: the encoders are copied from {@code source} (a model trained
     * by this class, FAA or SL, with the same encoder shape) and only the fusion phase runs
     * (likelihood-ratio fit, multimodal encoder from a fresh start). Why: every fusion-side
     * ablation and setting can be compared on the very same aligned encoders, in minutes
     * instead of a full training. The encoders' shape (and input dropout) of this trainer's
     * config become the source's, whatever the defaults said. The caller keeps ownership of
     * {@code source}.
     */
    public FaaTrainer alignedFrom(FaaScorer source) {
        if (!config.fusion() || !config.fuseAfterAlign) {
            throw new IllegalArgumentException("reusing aligned encoders needs FAA with fuse-after-align (it trains the fusion phase only)");
        }
        if (source.faceDim() != data.faceDim() || source.voiceDim() != data.voiceDim()) {
            throw new IllegalArgumentException("the aligned model expects " + source.faceDim() + "-d faces and "
                    + source.voiceDim() + "-d voices, the data has " + data.faceDim() + "-d and " + data.voiceDim() + "-d");
        }
        FaaConfig shape = source.info().config;
        config.hidden = shape.hidden;
        config.embedding = shape.embedding;
        config.linearShortcut = shape.linearShortcut;
        config.inputDropout = shape.inputDropout;
        this.alignedSource = source;
        return this;
    }

    public Outcome train() throws Exception {
        long t0 = System.nanoTime();
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        ModelInfo info = new ModelInfo();
        info.config = config;
        info.faceDim = data.faceDim();
        info.voiceDim = data.voiceDim();
        info.seed = seed;
        Split train = data.split("train");
        Split val = data.split("val");
        float[][] faces = io.faalive.serving.runtime.Vectors.normalisedRows(train.faces());
        float[][] voices = io.faalive.serving.runtime.Vectors.normalisedRows(train.voices());
        int videos = java.util.Arrays.stream(train.videos()).max().orElse(-1) + 1;
        if (videos < config.batchSize) {
            throw new IllegalArgumentException("The training split has " + videos + " videos, fewer than one batch of "
                    + config.batchSize + ": nothing to train on");
        }
        FaaScorer model = new FaaScorer(config, data.faceDim(), data.voiceDim(), info);
        BatchSampler sampler = new BatchSampler(train, videos, seed);
        NDManager base = model.manager();
        FaaBlock block = model.block();

        List<CurvePoint> curve = new ArrayList<>();
        // Joint training runs one phase with both losses; fuse-after-align runs the alignment
        // phase, then the fusion phase on the frozen aligned encoders.
        boolean twoPhases = config.fusion() && config.fuseAfterAlign;
        Phase first = twoPhases ? Phase.ALIGN : Phase.JOINT;
        PhaseResult aligned = alignedSource != null ? copyAlignedEncoders(model, val, info)
                : runPhase(first, model, train, val, faces, voices, videos, sampler, config.initialClusters, 0, curve, t0);
        info.finalClusters = aligned.clusters();
        PhaseResult result = aligned;
        if (twoPhases) {
            restore(block, base, aligned.bestParams());
            model.resetStore();
            info.validation.put("auc_u_cosine", aligned.best());
            if (config.likelihoodRatioSkip) {
                fitLikelihoodRatio(model, train, faces, voices, val, info);
            }
            result = runPhase(Phase.FUSE, model, train, val, faces, voices, videos, sampler, aligned.clusters(), aligned.steps(), curve, t0);
        }
        int step = result.steps();
        int bestStep = result.bestStep();
        double best = result.best();
        byte[] bestParams = result.bestParams();
        long peakHeap = Math.max(aligned.peakHeap(), result.peakHeap()); // both phases
        restore(block, base, bestParams);
        model.resetStore();
        info.stepsTrained = step;
        info.bestStep = bestStep;
        info.validation.put("auc_u", best);
        info.trainingSeconds = (System.nanoTime() - t0) / 1e9;
        info.peakHeapBytes = peakHeap;
        seconds.replaceAll((k, v) -> Math.round(v * 10) / 10.0);
        info.trainingSecondsByPart = seconds;
        progress.accept(String.format("%ndone: %d steps, best validation AUC-U %.2f at step %d, %.0f s%n", step, best,
                bestStep, info.trainingSeconds));
        return new Outcome(model, info, curve);
    }

    /** The aligned phase's result when the encoders come from another model: its weights, as they are. */
    private PhaseResult copyAlignedEncoders(FaaScorer model, Split val, ModelInfo info) throws java.io.IOException {
        java.util.Map<String, Parameter> source = new java.util.HashMap<>();
        for (Pair<String, Parameter> p : alignedSource.block().getParameters()) {
            source.put(p.getKey(), p.getValue());
        }
        int copied = 0;
        for (Pair<String, Parameter> p : model.block().getParameters()) {
            if (!encoderParameter(p.getKey())) {
                continue;
            }
            Parameter from = source.get(p.getKey());
            if (from == null || !from.getArray().getShape().equals(p.getValue().getArray().getShape())) {
                throw new IllegalArgumentException("the aligned model's encoders differ from this configuration's at "
                        + p.getKey() + " (" + (from == null ? "missing" : from.getArray().getShape()) + " vs "
                        + p.getValue().getArray().getShape() + ")");
            }
            p.getValue().getArray().set(from.getArray().toFloatArray());
            copied++;
        }
        model.resetStore();
        ModelInfo src = alignedSource.info();
        FaaConfig sc = src.config;
        int clusters = src.finalClusters > 0 ? src.finalClusters : sc.progressive ? sc.minClusters : sc.initialClusters;
        info.alignedFrom = src.version;
        this.phase = Phase.ALIGN; // validate() scores the aligned cosine, as at the end of an alignment phase
        double auc = validate(model, val);
        progress.accept(String.format("aligned encoders from %s (%d parameters, K %d): validation AUC-U %.2f%n", src.version,
                copied, clusters, auc));
        return new PhaseResult(0, 0, auc, snapshot(model.block()), clusters, 0);
    }

    /**
     * Fits the likelihood-ratio skip on same-video face/voice pairs of the training split, on
     * the aligned encoders' tail and (where configured) on the inputs and on both, and keeps
     * the fit and rank that validate best, or the cosine skip where none validates above it
     * (small training sets).
     */
    private void fitLikelihoodRatio(FaaScorer model, Split train, float[][] faces, float[][] voices, Split val,
            ModelInfo info) {
        long t0 = System.nanoTime();
        this.phase = Phase.FUSE;
        float[][] faceStates = model.encodeFaces(faces).hidden();
        float[][] voiceStates = model.encodeVoices(voices).hidden();
        int faceIn = config.inputColumns(data.faceDim());
        int voiceIn = config.inputColumns(data.voiceDim());
        int hidden = config.hidden;
        // the candidates: the cosine skip the alignment was selected with, then each rank on each state
        PairLikelihoodRatio best = null;
        String bestState = "";
        double bestAuc = info.validation.get("auc_u_cosine");
        StringBuilder line = new StringBuilder(String.format(" cosine: %.2f", bestAuc));
        for (String state : config.stateHasInputs() ? List.of("tail", "inputs", "inputs+tail") : List.of("tail")) {
            // the columns of the state rows this candidate reads: [from, to) of each modality
            int faceFrom = "tail".equals(state) ? faceIn : 0;
            int voiceFrom = "tail".equals(state) ? voiceIn : 0;
            int faceTo = "inputs".equals(state) ? faceIn : faceIn + hidden;
            int voiceTo = "inputs".equals(state) ? voiceIn : voiceIn + hidden;
            PairLikelihoodRatio.Directions directions = PairLikelihoodRatio.directions(
                    columns(faceStates, faceFrom, faceTo), train.faceVideo(),
                    columns(voiceStates, voiceFrom, voiceTo), train.voiceVideo(), config.likelihoodRatioMaxRank());
            for (int rank : config.likelihoodRatioRanks) {
                PairLikelihoodRatio lr;
                try {
                    lr = PairLikelihoodRatio.fit(directions, rank).padded(faceFrom, faceIn + hidden - faceTo,
                            voiceFrom, voiceIn + hidden - voiceTo);
                } catch (ArithmeticException tooFewVideos) {
                    // fewer videos than the rank needs (a small harvest): this candidate cannot be fitted
                    line.append(String.format(", %s rank %d: not fitted (%s)", state, rank, tooFewVideos.getMessage()));
                    continue;
                }
                model.block().setLikelihoodRatio(lr, 0f);
                model.weightsChanged();
                double auc = validate(model, val);
                line.append(String.format(", %s rank %d: %.2f", state, rank, auc));
                if (auc > bestAuc) {
                    bestAuc = auc;
                    best = lr;
                    bestState = state;
                }
            }
        }
        time("skip fit", t0);
        model.block().setLikelihoodRatio(best, best == null ? FaaScorer.INITIAL_COSINE_SCALE : 0f);
        model.resetStore();
        info.likelihoodRatioRank = best == null ? 0 : best.rank();
        info.likelihoodRatioState = bestState;
        info.validation.put("auc_u_likelihood_ratio", bestAuc);
        progress.accept(String.format("%nskip path (validation AUC-U):%s; kept %s (%.0f s)%n", line,
                best == null ? "the cosine" : bestState + " rank " + best.rank(), (System.nanoTime() - t0) / 1e9));
    }

    private static float[][] columns(float[][] x, int from, int to) {
        if (from == 0 && to == x[0].length) {
            return x;
        }
        float[][] out = new float[x.length][];
        for (int r = 0; r < x.length; r++) {
            out[r] = java.util.Arrays.copyOfRange(x[r], from, to);
        }
        return out;
    }

    /** Training phases: joint (both losses), align (L_MS only), fuse (L_FVM only, encoders frozen). */
    enum Phase { JOINT, ALIGN, FUSE }

    private record PhaseResult(int steps, int bestStep, double best, byte[] bestParams, int clusters, long peakHeap) {}

    /** Trains one phase with validation every N steps, early stopping and the best checkpoint kept. */
    private PhaseResult runPhase(Phase phase, FaaScorer model, Split train, Split val, float[][] faces, float[][] voices,
            int videos, BatchSampler sampler, int startClusters, int startStep, List<CurvePoint> curve, long t0) throws Exception {
        this.phase = phase;
        FaaBlock block = model.block();
        NDManager base = model.manager();
        enableGradients(block);
        Optimizer adam = newOptimizer();
        int clusters = startClusters;
        double best = phase == Phase.FUSE ? validate(model, val) : Double.NEGATIVE_INFINITY;
        int bestStep = startStep;
        byte[] bestParams = snapshot(block);
        int sinceBest = 0;
        int sinceClusterChange = 0;
        int step = startStep;
        double lossSum = 0;
        double msSum = 0;
        double fvmSum = 0;
        int lossCount = 0;
        long peakHeap = 0;
        int stepsPerEpoch = Math.max(1, videos / config.batchSize);
        int epochs = phase == Phase.FUSE ? config.fuseEpochs : config.maxEpochs;
        int patience = phase == Phase.FUSE ? config.fusePatience : config.stopPatience;
        boolean progressive = config.progressive && phase != Phase.FUSE;
        boolean stop = false;
        float[] pooled = null;
        // Diverse positives are a rule of the matching loss (DESIGN.md): the alignment phase
        // keeps every voice with a face of its own video, as the baseline does.
        float diversePositives = phase == Phase.ALIGN || !config.fusion() ? 0f : config.diversePositiveProbability;
        for (int epoch = 0; epoch < epochs && !stop; epoch++) {
            long tc = System.nanoTime();
            // The fusion phase's encoders are frozen: its videos are pooled once, and each
            // epoch reclusters them from another seed.
            if (pooled == null || phase != Phase.FUSE) {
                pooled = PseudoLabels.pooledVideos(model, train, faces, voices, videos);
            }
            int[] labels = PseudoLabels.cluster(model, pooled, videos, clusters, config.kmeansIterations,
                    seed + epoch + (phase == Phase.FUSE ? 1000 : 0));
            time("clustering", tc);
            sampler.setLabels(labels, clusters);
            int[] order = sampler.shuffledVideos();
            for (int from = 0; from + config.batchSize <= order.length && !stop; from += config.batchSize) {
                int[][] batch = sampler.batch(java.util.Arrays.copyOfRange(order, from, from + config.batchSize),
                        diversePositives);
                long ts = System.nanoTime();
                float[] losses = step(model, adam, sampler, faces, voices, batch);
                time(phase.name().toLowerCase() + " steps", ts);
                if (Float.isNaN(losses[0])) {
                    progress.accept(String.format("%nstep %d: non-finite loss, back to the checkpoint of step %d%n", step, bestStep));
                    // A non-finite gradient got into the weights: go back to the best checkpoint
                    // with fresh optimiser state and carry on (the batch order moves on).
                    restore(block, base, bestParams);
                    enableGradients(block);
                    model.resetStore();
                    adam = newOptimizer();
                    continue;
                }
                lossSum += losses[0];
                msSum += losses[1];
                fvmSum += losses[2];
                lossCount++;
                step++;
                // the last step of a phase is validated too (a phase shorter than the validation
                // interval, or one whose length is not a multiple of it, would otherwise lose its last steps)
                boolean lastOfPhase = epoch == epochs - 1 && from + 2 * config.batchSize > order.length;
                if (step % config.evalEverySteps == 0 || lastOfPhase) {
                    long tv = System.nanoTime();
                    double auc = validate(model, val);
                    time("validation", tv);
                    curve.add(new CurvePoint(step, epoch, lossSum / lossCount, msSum / lossCount, fvmSum / lossCount, auc, clusters));
                    lossSum = msSum = fvmSum = 0;
                    lossCount = 0;
                    if (auc > best) {
                        best = auc;
                        bestStep = step;
                        long tk = System.nanoTime();
                        bestParams = snapshot(block);
                        time("checkpoints", tk);
                        sinceBest = 0;
                        sinceClusterChange = 0;
                    } else {
                        sinceBest++;
                        sinceClusterChange++;
                    }
                    if (progressive && sinceClusterChange >= config.clusterPatience && clusters > config.minClusters) {
                        clusters = Math.max(config.minClusters, Math.round(clusters * config.clusterDecay));
                        sinceClusterChange = 0;
                    }
                    stop = sinceBest >= patience;
                    peakHeap = Math.max(peakHeap, Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
                    report(curve.get(curve.size() - 1), best, bestStep, epoch, stepsPerEpoch, epochs, t0);
                }
            }
        }
        return new PhaseResult(step, bestStep, best, bestParams, clusters, peakHeap);
    }

    /** One optimisation step; returns total, MS and FVM loss. */
    private float[] step(FaaScorer model, Optimizer adam, BatchSampler sampler, float[][] faces, float[][] voices,
            int[][] batch) {
        FaaBlock block = model.block();
        int b = batch[0].length;
        try (NDManager m = model.manager().newSubManager();
                GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray v = m.create(rows(voices, batch[0]), new Shape(b, voices[0].length));
            NDArray f = m.create(rows(faces, batch[1]), new Shape(b, faces[0].length));
            NDArray labels = m.create(batch[2]);
            boolean encodersTrain = phase != Phase.FUSE;
            FaaBlock.Encoded ve = block.encodeVoices(model.store(), v, encodersTrain);
            FaaBlock.Encoded fe = block.encodeFaces(model.store(), f, encodersTrain);
            NDArray ms = phase == Phase.FUSE ? m.zeros(new Shape())
                    : Losses.multiSimilarity(NDArrays.concat(new NDList(ve.embedding(), fe.embedding())),
                            NDArrays.concat(new NDList(labels, labels)), config.msAlpha, config.msBeta, config.msBase,
                            config.msMargin, config.msCrossModalOnly);
            NDArray total = ms;
            float fvmValue = 0;
            if (config.fusion() && phase != Phase.ALIGN) {
                float[] sim = ve.embedding().matMul(fe.embedding().transpose()).stopGradient().toFloatArray();
                float[] simT = fe.embedding().matMul(ve.embedding().transpose()).stopGradient().toFloatArray();
                int[] negFace = sampler.negatives(sim, b, batch[2], config.hardNegatives, config.hardNegativeTemperature);
                int[] negVoice = sampler.negatives(simT, b, batch[2], config.hardNegatives, config.hardNegativeTemperature);
                NDArray faceH = NDArrays.concat(new NDList(fe.hidden(), fe.hidden().get(m.create(negFace)), fe.hidden()));
                NDArray voiceH = NDArrays.concat(new NDList(ve.hidden(), ve.hidden(), ve.hidden().get(m.create(negVoice))));
                NDArray logits = block.fuse(model.store(), faceH, voiceH, true);
                float[] y = new float[3 * b];
                java.util.Arrays.fill(y, 0, b, 1f);
                NDArray fvm = Losses.binaryCrossEntropy(logits, m.create(y));
                fvmValue = fvm.getFloat();
                total = phase == Phase.FUSE ? fvm : ms.add(fvm.mul(config.fvmWeight));
            }
            float totalValue = total.getFloat();
            if (!Float.isFinite(totalValue)) {
                skippedSteps++;
                if (skippedSteps > 20) {
                    throw new IllegalStateException("Training diverged: " + skippedSteps + " batches gave a non-finite loss (MS "
                            + ms.getFloat() + ", FVM " + fvmValue + ")");
                }
                return new float[] {Float.NaN, Float.NaN, Float.NaN};
            }
            gc.backward(total);
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (!p.getValue().requiresGradient() || !trained(p.getKey())) {
                    continue;
                }
                NDArray weight = p.getValue().getArray();
                NDArray grad = weight.getGradient();
                adam.update(p.getValue().getId(), weight, grad);
                // Zeroed here, in place, for the next step's backward (which accumulates), rather
                // than by GradientCollector.zeroGradients(): that leaves the gradient views it
                // takes in the model's manager, two arrays per parameter per step (about 11 GB
                // resident after 600 steps of a fusion phase; RESULTS-HISTORY.md).
                grad.subi(grad);
                grad.close();
            }
            model.weightsChanged();
            return new float[] {totalValue, ms.getFloat(), fvmValue};
        }
    }

    private void enableGradients(FaaBlock block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            // Running statistics of normalisation layers are state, not trainable weights.
            p.getValue().getArray().setRequiresGradient(p.getValue().requiresGradient() && trained(p.getKey()));
        }
    }

    private Optimizer newOptimizer() {
        return Optimizer.adam().optLearningRateTracker(Tracker.fixed(config.learningRate))
                .optWeightDecays(config.weightDecay).build();
    }

    /**
     * Whether a parameter takes part in training now: the encoders (inputs and shared tail)
     * while aligning, the multimodal encoder while fusing, both in joint training.
     */
    private boolean trained(String parameterName) {
        String name = parameterName.replaceFirst("^\\d+", "");
        boolean encoder = encoderParameter(parameterName);
        if (name.startsWith("lr")) {
            return false; // the likelihood-ratio skip is fitted in closed form
        }
        return switch (phase) {
            case ALIGN -> encoder;
            case FUSE -> !encoder;
            case JOINT -> encoder || config.fusion();
        };
    }

    /** Whether a parameter belongs to the unimodal encoders (inputs, shortcuts, shared tail). */
    static boolean encoderParameter(String parameterName) {
        // DJL prefixes child block names with their position, e.g. 01faceIn_02Linear_weight.
        String name = parameterName.replaceFirst("^\\d+", "");
        return name.startsWith("faceIn") || name.startsWith("voiceIn") || name.startsWith("tail")
                || name.startsWith("faceShortcut") || name.startsWith("voiceShortcut");
    }

    private void time(String part, long startNanos) {
        seconds.merge(part, (System.nanoTime() - startNanos) / 1e9, Double::sum);
    }

    private double validate(FaaScorer model, Split val) {
        ModelPairScorer.Mode mode = config.fusion() && phase != Phase.ALIGN ? ModelPairScorer.Mode.FUSION : ModelPairScorer.Mode.COSINE;
        return Evaluation.verificationAucU(validationTrials, new ModelPairScorer(model, val, mode));
    }

    private void report(CurvePoint p, double best, int bestStep, int epoch, int stepsPerEpoch, int epochs, long t0) {
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double perStep = elapsed / p.step();
        long remainingSteps = Math.max(0, (long) (epochs - epoch) * stepsPerEpoch);
        progress.accept(String.format("\r%s epoch %3d/%d  step %5d  loss %.3f (ms %.3f fvm %.3f)  val AUC %.2f (best %.2f @%d)  K %4d  %4.0fs  ETA <=%4.0fs ",
                phase.name().toLowerCase(), epoch + 1, epochs, p.step(), p.loss(), p.msLoss(), p.fvmLoss(), p.valAuc(), best, bestStep,
                p.clusters(), elapsed, remainingSteps * perStep));
    }

    private static float[] rows(float[][] x, int[] rows) {
        int d = x[0].length;
        float[] flat = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(x[rows[i]], 0, flat, i * d, d);
        }
        return flat;
    }

    private static byte[] snapshot(FaaBlock block) throws java.io.IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        }
        return bytes.toByteArray();
    }

    private static void restore(FaaBlock block, NDManager manager, byte[] params) throws Exception {
        // loading gives every parameter a new array and leaves the old one in the manager
        List<NDArray> replaced = block.getParameters().values().stream().map(Parameter::getArray).toList();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(params))) {
            block.loadParameters(manager, in);
        }
        replaced.forEach(NDArray::close);
    }
}

package io.faalive.serving.faa;

/**
 * Every knob of FAA training, with the defaults of DESIGN.md ("FAA as this project
 * implements it"). Changes from the design are marked.
 */
public final class FaaConfig {

    /** faa: align + fuse + pair selection + progressive clustering; sl: Self-Lifting baseline. */
    public String method = "faa";

    public int hidden = 256;
    public int embedding = 128;
    public float inputDropout = 0.5f;
    /**
     * Change from DESIGN.md (whose encoders are plain MLPs): each encoder's hidden state adds a
     * linear map of its input to the tail's ReLU output,
     * {@code h = ReLU(Linear(256,256)(h0)) + Linear(D,256)(x)}, so that a linear readout of the
     * input (which nearly reaches the ceiling on the synthetic worlds, RESULTS-HISTORY.md) is within
     * the encoder's reach. Applies to SL and FAA alike; chosen on the baseline's validation
     * AUC-U (SL, world seed 1, training seed 1, both at most 80 epochs: 78.59 with it, 78.22 without). false:
     * DESIGN.md's encoders.
     */
    public boolean linearShortcut = true;

    // Multi-similarity loss.
    public float msAlpha = 2f;
    public float msBeta = 50f;
    public float msBase = 1f;
    public float msMargin = 0.1f;
    /**
     * Change from DESIGN.md (all pairs of the concatenation, face-face and voice-voice
     * included): only voice-face pairs count in the multi-similarity loss. Within-modality
     * pairs reward telling training identities apart by face-only and voice-only factors,
     * which the other modality cannot see; without them the Self-Lifting baseline rose from
     * 77.1 to 78.5 test AUC-U (world seed 1, training seed 1; RESULTS-HISTORY.md). Applies to SL and
     * FAA alike. false: DESIGN.md's loss.
     */
    public boolean msCrossModalOnly = true;

    // Multimodal encoder.
    public int fusionDim = 128;
    public int fusionLayers = 2;
    public int fusionHeads = 4;
    public int fusionFfn = 256;
    public float fusionDropout = 0.1f;
    public float fvmWeight = 1f;
    /**
     * Change from DESIGN.md (which sums L_MS and L_FVM from the first step): train in two
     * phases, as the method's name says. Phase 1 aligns (L_MS, pseudo-labels, progressive
     * clustering) until validation stops improving; phase 2 freezes the aligned encoders and
     * trains the multimodal encoder alone (L_FVM, hard negatives, diverse positives) from the
     * best aligned checkpoint, its head starting at zero so that it starts from the aligned
     * cosine. Joint training gave a head that learned nothing beyond the cosine and an
     * alignment 0.5 AUC worse than the baseline's (RESULTS-HISTORY.md, first run). false = joint.
     */
    public boolean fuseAfterAlign = true;
    /**
     * Phase 2: evaluations without improvement before it stops. 10 before: validation AUC-U
     * moves by about 0.2 between evaluations of this phase, and on half of the runs that
     * stopped it within its first 100 steps, before the transformer added anything; with 25
     * (world 1, training seeds 2 and 3, the same aligned encoders) validation rose from 81.03
     * and 80.96 to 81.55 and 81.56 (RESULTS-HISTORY.md).
     */
    public int fusePatience = 25;
    /**
     * Phase 2: at most this many epochs; early stopping ({@link #fusePatience}) ends it sooner
     * where validation stalls. 20, then 40 before: each time the cap, not validation, chose
     * the length (with 40, validation best at step 3220 of 3240 on world 11, training seed 1,
     * and at the 37th of 40 epochs of a fusion phase on world 1's seed-1 encoders).
     * Affordable since clustering got faster: a default training on world 1 takes 372 s alone
     * on 2 cores with 60 (RESULTS-HISTORY.md), against about 11.5 minutes estimated with 40 before.
     */
    public int fuseEpochs = 60;

    /**
     * Change from DESIGN.md (whose head adds to nothing): after alignment the multimodal
     * encoder's skip path is a Gaussian likelihood ratio of the hidden states, fitted in
     * closed form on same-video face/voice pairs (no labels), on the number of canonical
     * directions among {@link #likelihoodRatioRanks} that validates best (the cosine skip stays
     * where none validates above it); the transformer then learns corrections to it.
     * false: the skip is the scaled aligned cosine.
     */
    public boolean likelihoodRatioSkip = true;
    public int[] likelihoodRatioRanks = {8, 16, 32};
    /**
     * Change from DESIGN.md (whose multimodal encoder reads the tail's hidden state only): the
     * state the fusion reads per modality is the encoder's L2-normalised input followed by the
     * tail's hidden state ([D + 256]). The likelihood-ratio skip is fitted on the tail, on the
     * inputs and on both, and the fit that validates best is kept; the transformer's tokens
     * still read the tail alone (its cost per pair stays as it was). Why: fitted on the
     * training split, the tail's statistics are those of identities the encoders were trained
     * on, so its canonical correlations are too optimistic and the ratio generalises worse than
     * the same ratio on the inputs (RESULTS-HISTORY.md: on the world-1, seed-1 FAA model, validation
     * AUC-U at rank 8: 79.39 for the tail, 80.93 for the inputs, 79.31 for both; adding the
     * tail's ratio to the inputs' did not help either). This replaces the previous session's candidate of the
     * input layer's {@code ReLU(Linear(D,256))}, which never validated above the tail. Only with
     * {@link #likelihoodRatioSkip}. false: the tail alone.
     */
    public boolean likelihoodRatioInputs = true;

    // Pair selection.
    public boolean hardNegatives = true;
    /**
     * Hard negatives are drawn with probability proportional to exp(similarity / T). DESIGN.md
     * says exp(similarity), i.e. T = 1; with cosines in [-1, 1] that is nearly uniform, so T
     * follows ALBEF's sharper softmax. Chosen before results, not tuned.
     */
    public float hardNegativeTemperature = 0.1f;
    public float diversePositiveProbability = 0.5f;

    // Pseudo-labels.
    /** K for the fixed-K baseline, and where progressive clustering starts (x1.5, "K starts high"). */
    public int initialClusters = 1500;
    public int minClusters = 700;
    public float clusterDecay = 0.8f;
    public boolean progressive = true;
    public int kmeansIterations = 15;

    // Optimisation.
    public float learningRate = 1e-3f;
    /** L2 weight decay of Adam (0: none, as DESIGN.md). */
    public float weightDecay = 0f;
    public int batchSize = 256;
    /**
     * At most this many alignment epochs; early stopping ({@link #stopPatience}) usually ends
     * training first. 40 before: the baseline was still improving there (validation best at
     * the last step), so the cap, not validation, chose its length.
     */
    public int maxEpochs = 80;
    public int evalEverySteps = 20;
    /**
     * Verification pairs of each validation, drawn from the validation split with a fixed seed
     * (0: the dataset's own validation list, 5,000 pairs on a default synthetic world, as
     * before). 40,000 pairs cut the standard error of validation AUC-U from about 0.64 to about
     * 0.23 points ({@link ValidationTrials}). Why: on world 20261201 the 5,000 pairs scored the likelihood-ratio skip on
     * the inputs 0.01 below the aligned cosine, so the skip stayed the cosine, while on 100,000
     * pairs of the same validation identities it leads by 0.40 (and on the test split by 1.16);
     * RESULTS.md. Applies to SL and FAA alike.
     */
    public int validationPairs = 40_000;
    /** Evaluations without improvement before K is lowered (progressive clustering). */
    public int clusterPatience = 5;
    /** Evaluations without improvement before training stops (early stopping). */
    public int stopPatience = 25;

    /** Whether a state row starts with the encoder's input (else it is the tail's hidden state alone). */
    public boolean stateHasInputs() {
        return likelihoodRatioSkip && likelihoodRatioInputs;
    }

    /** Leading columns of a state row of a modality with {@code inputDim}-d inputs that hold the input. */
    public int inputColumns(int inputDim) {
        return stateHasInputs() ? inputDim : 0;
    }

    /** Width of the per-modality state the multimodal encoder reads: [input, tail] or the tail. */
    public int stateDim(int inputDim) {
        return inputColumns(inputDim) + hidden;
    }

    public int likelihoodRatioMaxRank() {
        return java.util.Arrays.stream(likelihoodRatioRanks).max().orElse(1);
    }

    public boolean fusion() {
        return "faa".equals(method) && fvmWeight > 0;
    }

    /** The Self-Lifting baseline: align only, cosine scoring, fixed K, no pair selection. */
    public static FaaConfig selfLifting() {
        FaaConfig c = new FaaConfig();
        c.method = "sl";
        c.fvmWeight = 0;
        c.hardNegatives = false;
        c.diversePositiveProbability = 0;
        c.progressive = false;
        c.initialClusters = 1000;
        c.likelihoodRatioSkip = false;
        c.likelihoodRatioInputs = false;
        return c;
    }

    /** FAA with the named parts switched off: hardneg, diversepos, progressive, fusion, lrskip, inputs. */
    public FaaConfig ablate(String part) {
        switch (part) {
            case "hardneg" -> hardNegatives = false;
            case "diversepos" -> diversePositiveProbability = 0;
            case "progressive" -> progressive = false;
            case "fusion" -> fvmWeight = 0;
            case "lrskip" -> likelihoodRatioSkip = false;
            case "inputs" -> likelihoodRatioInputs = false;
            default -> throw new IllegalArgumentException("Unknown ablation '" + part
                    + "': expected hardneg, diversepos, progressive, fusion, lrskip or inputs");
        }
        return this;
    }
}

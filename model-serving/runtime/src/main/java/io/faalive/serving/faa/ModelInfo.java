package io.faalive.serving.faa;

import java.util.LinkedHashMap;
import java.util.Map;

/** What model.json says about a model: everything but the weights. */
public final class ModelInfo {

    public static final String FORMAT = "faa-model/4";

    public String format = FORMAT;
    public String version;
    public FaaConfig config;
    public int faceDim;
    public int voiceDim;
    /** Inputs are L2-normalised before the encoders. */
    public String inputNormalisation = "l2";
    public String faceEncoderId = "unknown";
    public String voiceEncoderId = "unknown";
    public String trainingDataFingerprint;
    public long seed;
    /** Canonical directions of the likelihood-ratio skip (0: none, the skip is the cosine). */
    public int likelihoodRatioRank;
    /** What the likelihood-ratio skip reads: "tail", "inputs", "inputs+tail" or "" (no skip fitted). */
    public String likelihoodRatioState = "";
    /** K of the pseudo-labels when alignment ended (the fusion phase clusters with it). */
    public int finalClusters;
    /** Version of the model whose aligned encoders this one reuses ({@code --aligned-from}); null: aligned here. */
    public String alignedFrom;
    public Map<String, Double> validation = new LinkedHashMap<>();
    public int stepsTrained;
    public int bestStep;
    public double trainingSeconds;
    /** Where the training time went: clustering, align/fuse steps, validation, checkpoints, skip fit. */
    public Map<String, Double> trainingSecondsByPart = new LinkedHashMap<>();
    public long peakHeapBytes;
}

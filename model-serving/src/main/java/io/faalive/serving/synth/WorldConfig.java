package io.faalive.serving.synth;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Everything that defines a synthetic identity world. The defaults were fixed by
 * calibrating the ceiling scorer only (see model-serving/SYNTH.md), before any learned
 * method was run on them; they are not to be changed to favour a method.
 */
public final class WorldConfig {

    // Identities per split (the VoxCeleb 901/100/250 split).
    public int trainIdentities = 901;
    public int valIdentities = 100;
    public int testIdentities = 250;
    public int videosPerIdentity = 8;
    public int framesPerVideo = 4;
    public int windowsPerVideo = 4;

    public int faceDim = 512;
    public int voiceDim = 192;

    /** Continuous attributes shared by face and voice (besides the binary gender). */
    public int sharedDim = 8;
    public int faceOnlyDim = 16;
    public int voiceOnlyDim = 16;
    /** Nuisance factors (pose, lighting, channel, content) per video and per sample. */
    public int nuisanceDim = 8;
    public int hiddenUnits = 256;

    /** How strongly gender shows in each modality (in units of one attribute's scale). */
    public double genderStrength = 1.5;
    /** Per-attribute reliability: loadings drawn from U(min, 1) independently per modality. */
    public double minLoading = 0.15;
    /** Voice attributes scaled by (1 +/- interaction) by gender on every other shared dimension. */
    public double genderInteraction = 0.5;
    public double videoNoise = 1.0;
    public double sampleNoise = 0.6;
    /** Isotropic noise added to the output vector before L2 normalisation, relative to its RMS. */
    public double outputNoise = 1.7;

    // Trials.
    public int verificationPairs = 10_000;
    public int matchingTrials = 5_000;
    public int trialsPerN = 1_000;

    public static WorldConfig load(Path file) throws IOException {
        return new Gson().fromJson(Files.readString(file), WorldConfig.class);
    }

    public String toJson() {
        return new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(this);
    }

    public int identities() {
        return trainIdentities + valIdentities + testIdentities;
    }
}

package io.faalive.lab.synth;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

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

    /**
     * A world config from a JSON file of any subset of the fields (the rest keep their
     * defaults). A field name it does not know, a value of the wrong type or out of range
     * is an error naming the file and the field: a misspelt key would otherwise leave the
     * default in place without a word.
     */
    public static WorldConfig load(Path file) throws IOException {
        WorldConfig config;
        try {
            JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            Set<String> known = new TreeSet<>();
            for (Field f : WorldConfig.class.getFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    known.add(f.getName());
                }
            }
            for (String key : json.keySet()) {
                if (!known.contains(key)) {
                    throw new IOException(file + ": unknown field '" + key + "' (fields: " + String.join(", ", known) + ")");
                }
            }
            config = new Gson().fromJson(json, WorldConfig.class);
        } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
            throw new IOException(file + " is not a world config (JSON object of WorldConfig fields): " + e.getMessage(), e);
        }
        try {
            config.validate();
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        return config;
    }

    /** Throws naming the first field whose value cannot make a world. */
    public void validate() {
        atLeast("trainIdentities", trainIdentities, 2);
        atLeast("valIdentities", valIdentities, 2);
        atLeast("testIdentities", testIdentities, 2);
        atLeast("videosPerIdentity", videosPerIdentity, 1);
        atLeast("framesPerVideo", framesPerVideo, 1);
        atLeast("windowsPerVideo", windowsPerVideo, 1);
        atLeast("faceDim", faceDim, 1);
        atLeast("voiceDim", voiceDim, 1);
        atLeast("sharedDim", sharedDim, 1);
        atLeast("faceOnlyDim", faceOnlyDim, 0);
        atLeast("voiceOnlyDim", voiceOnlyDim, 0);
        atLeast("nuisanceDim", nuisanceDim, 0);
        atLeast("hiddenUnits", hiddenUnits, 1);
        atLeast("verificationPairs", verificationPairs, 1);
        atLeast("matchingTrials", matchingTrials, 1);
        atLeast("trialsPerN", trialsPerN, 1);
        nonNegative("genderStrength", genderStrength);
        nonNegative("genderInteraction", genderInteraction);
        nonNegative("videoNoise", videoNoise);
        nonNegative("sampleNoise", sampleNoise);
        nonNegative("outputNoise", outputNoise);
        if (!(minLoading >= 0 && minLoading <= 1)) {
            throw new IllegalArgumentException("minLoading must be between 0 and 1, not " + minLoading);
        }
    }

    private static void atLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be at least " + min + ", not " + value);
        }
    }

    private static void nonNegative(String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + " must be a finite number of at least 0, not " + value);
        }
    }

    public String toJson() {
        return new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(this);
    }

    public int identities() {
        return trainIdentities + valIdentities + testIdentities;
    }
}

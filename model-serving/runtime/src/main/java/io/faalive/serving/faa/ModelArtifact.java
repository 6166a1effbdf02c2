package io.faalive.serving.faa;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A versioned model directory: {@code model.json} (format, version, config, input sizes and
 * normalisation, expected encoders, training-data fingerprint, validation metrics) and
 * {@code faa.params} (DJL parameters).
 */
public final class ModelArtifact {

    public static final String INFO = "model.json";
    public static final String PARAMS = "faa.params";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private ModelArtifact() {}

    public static void save(FaaScorer model, ModelInfo info, Path dir) throws IOException {
        Files.createDirectories(dir);
        model.saveParameters(dir.resolve(PARAMS));
        Files.writeString(dir.resolve(INFO), GSON.toJson(info));
    }

    public static ModelInfo readInfo(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("Model directory " + dir.toAbsolutePath() + " does not exist");
        }
        Path infoFile = dir.resolve(INFO);
        Path params = dir.resolve(PARAMS);
        if (!Files.isRegularFile(infoFile) || !Files.isRegularFile(params)) {
            throw new IOException("Model directory " + dir.toAbsolutePath() + " lacks " + INFO + " or " + PARAMS
                    + " (is it a model written by bin/faa train?)");
        }
        ModelInfo info;
        try {
            info = GSON.fromJson(Files.readString(infoFile), ModelInfo.class);
        } catch (JsonParseException e) {
            throw new IOException(infoFile + " is not valid JSON: " + e.getMessage(), e);
        }
        if (info == null || !ModelInfo.FORMAT.equals(info.format) || info.config == null || info.faceDim <= 0
                || info.voiceDim <= 0) {
            throw new IOException(infoFile + " is not a " + ModelInfo.FORMAT + " description (format, config, faceDim and voiceDim are required)");
        }
        return info;
    }
}

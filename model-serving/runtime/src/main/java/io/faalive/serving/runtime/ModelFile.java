package io.faalive.serving.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A model file on disk and, for the models the project knows, its expected sha256.
 * {@link #verify()} is called before loading, so a missing or corrupt file stops start-up
 * with the path and the expected checksum in the message instead of an engine stack trace.
 */
public record ModelFile(Path path, String sha256) {

    /** A user's own model: no checksum is known, only existence is checked. */
    public static ModelFile unchecked(Path path) {
        return new ModelFile(path, null);
    }

    public ModelFile verify() {
        if (!Files.isRegularFile(path)) {
            throw new ModelLoadException("model file not found: " + path.toAbsolutePath()
                    + (sha256 == null ? "" : " (expected sha256 " + sha256 + ")")
                    + ". Registry packs are fetched by the build (bin/fetch-model-packs); fixture models live in ../shared/fixtures.");
        }
        if (sha256 != null) {
            String actual = sha256Of(path);
            if (!actual.equalsIgnoreCase(sha256)) {
                throw new ModelLoadException("model file is corrupt or not the expected version: " + path.toAbsolutePath()
                        + " has sha256 " + actual + ", expected " + sha256);
            }
        }
        return this;
    }

    public static String sha256Of(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new ModelLoadException("cannot read model file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

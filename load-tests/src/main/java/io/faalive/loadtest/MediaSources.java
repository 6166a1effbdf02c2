package io.faalive.loadtest;

import io.faalive.loadtest.media.EncodedChunk;
import io.faalive.loadtest.media.MediaChunker;
import io.faalive.loadtest.media.SyntheticMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where the tools find media: a file the user names, the shared fixtures, or generated media. */
public final class MediaSources {

    public static final int CHUNK_MS = 1000;

    private MediaSources() {}

    /** The shared fixtures folder: -Dfaa.fixtures, else $FAA_FIXTURES, else ../shared/fixtures; empty when absent. */
    public static Optional<Path> fixtures() {
        String configured = System.getProperty("faa.fixtures", System.getenv("FAA_FIXTURES"));
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "shared", "fixtures");
        return Files.isDirectory(dir.resolve("media")) ? Optional.of(dir.toAbsolutePath().normalize()) : Optional.empty();
    }

    /** A file under the fixtures' media folder, when the fixtures are present. */
    public static Optional<Path> fixtureMedia(String relative) {
        return fixtures().map(f -> f.resolve("media").resolve(relative)).filter(Files::isReadable);
    }

    /** One-second chunks of {@code file}, or of a generated stream when {@code file} is null. */
    public static List<EncodedChunk> chunks(Path file, int syntheticSeconds, long seed) throws Exception {
        return chunks(file, syntheticSeconds, seed, CHUNK_MS);
    }

    /** Chunks of {@code chunkMs} of {@code file}, or of a generated stream when {@code file} is null. */
    public static List<EncodedChunk> chunks(Path file, int syntheticSeconds, long seed, int chunkMs) throws Exception {
        if (file != null) {
            return MediaChunker.chunkFile(file, chunkMs);
        }
        return SyntheticMedia.generate(640, 360, 25, syntheticSeconds, chunkMs, seed);
    }
}

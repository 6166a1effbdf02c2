package io.faalive.job;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared fixtures (../shared/fixtures); tests that need them skip with a clear message where absent. */
public final class Fixtures {

    private Fixtures() {}

    public static Path media(String relative) {
        String root = System.getProperty("faa.fixtures", "../../shared/fixtures");
        Path file = Path.of(root, "media", relative);
        assumeTrue(Files.isReadable(file), "Skipped: fixture " + file.toAbsolutePath().normalize()
                + " is absent (set -Dfaa.fixtures=DIR to the shared fixtures folder)");
        return file;
    }

    public static byte[] bytes(String relative) throws IOException {
        return Files.readAllBytes(media(relative));
    }
}

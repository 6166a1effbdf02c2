package io.faalive.loadtest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;

/** Fixture media for tests; skips with a clear message where ../shared/fixtures is absent. */
public final class FixtureMedia {

    private FixtureMedia() {}

    public static Path require(String relative) {
        Optional<Path> file = MediaSources.fixtureMedia(relative);
        assumeTrue(file.isPresent(), "Skipped: fixture media/" + relative
                + " is absent (set -Dfaa.fixtures=DIR to the shared fixtures folder)");
        return file.get();
    }
}

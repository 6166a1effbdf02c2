package io.faalive.serving.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.faalive.serving.runtime.KnownModel;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shared fixtures and model packs for tests: skips with a clear message where they are absent. */
public final class Fixtures {

    private Fixtures() {}

    /** A file under ../shared/fixtures, or the test is skipped. */
    public static Path file(String relative) {
        Path p = KnownModel.fixturesDir().resolve(relative);
        assumeTrue(Files.exists(p), "fixture " + p.toAbsolutePath()
                + " is absent (set -Dfaa.fixtures or FAA_FIXTURES); skipping");
        return p;
    }

    /** A known model's file, or the test is skipped when it is absent. */
    public static KnownModel model(KnownModel model) {
        Path p = model.file().path();
        assumeTrue(Files.exists(p), "model " + p.toAbsolutePath()
                + " is absent (registry packs: bin/fetch-model-packs; fixtures: ../shared/fixtures); skipping");
        return model;
    }
}

package io.faalive.serving.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faalive.serving.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A missing, corrupt or unloadable model stops start-up with the path and what was expected. */
class ModelFileTest {

    private static final String SHA = KnownModel.ULTRAFACE.file().sha256();

    @Test
    void missingFileNamesThePathAndTheExpectedChecksum(@TempDir Path tmp) {
        Path missing = tmp.resolve("fr_detect.onnx");
        assertThatThrownBy(() -> NetModel.load(new ModelFile(missing, SHA)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("not found").hasMessageContaining(SHA);
    }

    @Test
    void corruptFileNamesBothChecksums(@TempDir Path tmp) throws Exception {
        Path corrupt = tmp.resolve("fr_detect.onnx");
        Files.write(corrupt, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> NetModel.load(new ModelFile(corrupt, SHA)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(corrupt.toString()).hasMessageContaining("expected " + SHA)
                .hasMessageContaining(ModelFile.sha256Of(corrupt));
    }

    @Test
    void unloadableUserModelNamesThePath(@TempDir Path tmp) throws Exception {
        Path garbage = tmp.resolve("mine.onnx");
        Files.writeString(garbage, "this is not an ONNX graph");
        assertThatThrownBy(() -> NetModel.load(ModelFile.unchecked(garbage)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("cannot load model").hasMessageContaining(garbage.toString());
    }

    @Test
    void knownModelsMatchTheirChecksums() {
        for (KnownModel m : KnownModel.values()) {
            if (Files.exists(m.file().path())) {
                assertThat(m.file().verify().path()).exists();
            }
        }
        Fixtures.model(KnownModel.ULTRAFACE);
        assertThat(ModelFile.sha256Of(KnownModel.ULTRAFACE.file().path())).isEqualTo(SHA);
    }
}

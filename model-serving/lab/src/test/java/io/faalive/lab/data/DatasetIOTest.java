package io.faalive.lab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faalive.lab.TinyWorlds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetIOTest {

    @Test
    void aWorldSurvivesWriteAndRead(@TempDir Path dir) throws IOException {
        EmbeddingDataset world = TinyWorlds.world(5);
        DatasetIO.write(world, dir);
        EmbeddingDataset back = DatasetIO.read(dir);
        assertThat(back.faceDim()).isEqualTo(64);
        assertThat(back.voiceDim()).isEqualTo(32);
        for (String s : new String[] {"train", "val", "test"}) {
            Split a = world.split(s);
            Split b = back.split(s);
            assertThat(b.faces()).isDeepEqualTo(a.faces());
            assertThat(b.voices()).isDeepEqualTo(a.voices());
            assertThat(b.faceIdentity()).isEqualTo(a.faceIdentity());
            assertThat(b.voiceVideo()).isEqualTo(a.voiceVideo());
        }
        assertThat(back.trials("test").verificationU()).isEqualTo(world.trials("test").verificationU());
        assertThat(back.trials("test").matchingVfN()).hasSameSizeAs(world.trials("test").matchingVfN());
        assertThat(back.latents().orElseThrow()).isDeepEqualTo(world.latents().orElseThrow());
        assertThat(back.identityGender()).isEqualTo(world.identityGender());
        assertThat(DatasetIO.fingerprint(dir)).isEqualTo(DatasetIO.fingerprint(dir)).hasSize(64);
    }

    @Test
    void aFolderThatIsNoDatasetIsRejectedClearly(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> DatasetIO.read(dir)).hasMessageContaining("dataset.json is missing");
        EmbeddingDataset world = TinyWorlds.world(5);
        DatasetIO.write(world, dir);
        Files.write(dir.resolve("train/faces.f32"), new byte[12]);
        assertThatThrownBy(() -> DatasetIO.read(dir)).hasMessageContaining("float32 need");
    }
}

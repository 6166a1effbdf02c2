package io.faalive.serving.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The importer on small files it writes itself in the Self-Lifting / vfal-eva layout. */
class VoxCelebImportTest {

    @Test
    void importsFeaturesMetadataAndSplit(@TempDir Path dir) throws IOException {
        Random r = new Random(1);
        StringBuilder meta = new StringBuilder("VoxCeleb1 ID\tVGGFace1 ID\tGender\tNationality\tSet\n");
        StringBuilder splits = new StringBuilder();
        int[] splitOf = {1, 1, 1, 1, 2, 2, 2, 4, 4, 4, 4, 3};
        for (int i = 0; i < splitOf.length; i++) {
            String id = "id1" + String.format("%04d", i + 1);
            String name = "Person_" + i;
            meta.append(id).append('\t').append(name).append('\t').append(i % 2 == 0 ? "m" : "f").append("\tX\tdev\n");
            splits.append(name).append(' ').append(splitOf[i]).append(" \n");
            for (int v = 0; v < 2; v++) {
                for (int k = 0; k < 3; k++) {
                    npy(dir.resolve("face/" + name + "/vid" + v + "/" + k + ".npy"), vector(r, 8), false);
                    npy(dir.resolve("voice/" + id + "/vid" + v + "/0000" + k + ".npy"), vector(r, 4), k == 0);
                }
            }
        }
        Files.writeString(dir.resolve("meta.csv"), meta);
        Files.writeString(dir.resolve("splits.txt"), splits);

        EmbeddingDataset data = VoxCelebImport.read(dir, dir.resolve("meta.csv"), dir.resolve("splits.txt"),
                VoxCelebImport.TestSet.UNSEEN_UNHEARD, 1);

        assertThat(data.faceDim()).isEqualTo(8);
        assertThat(data.voiceDim()).isEqualTo(4);
        assertThat(data.split("train").faces()).hasNumberOfRows(4 * 2 * 3);
        assertThat(data.split("val").voices()).hasNumberOfRows(3 * 2 * 3);
        assertThat(data.split("test").faces()).hasNumberOfRows(4 * 2 * 3);
        Split test = data.split("test");
        // Videos are shared across modalities: vid0 of a person is one video for faces and voices.
        assertThat(test.faceVideo()[0]).isEqualTo(test.voiceVideo()[0]);
        assertThat(java.util.Arrays.stream(test.faceVideo()).distinct().count()).isEqualTo(8);
        assertThat(data.identityGender()).contains('M', 'F');
        assertThat(data.trials("test").verificationU()).isNotEmpty();
        assertThat(data.trials("test").verificationG()).allSatisfy(t -> assertThat(
                data.identityGender()[test.voiceIdentity()[t.voice()]]).isEqualTo(
                data.identityGender()[test.faceIdentity()[t.face()]]));
    }

    private static float[] vector(Random r, int d) {
        float[] v = new float[d];
        for (int i = 0; i < d; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /** Writes a .npy file (version 1.0, little endian), as float32 or, to test both, float64. */
    static void npy(Path file, float[] v, boolean float64) throws IOException {
        Files.createDirectories(file.getParent());
        String header = "{'descr': '<" + (float64 ? "f8" : "f4") + "', 'fortran_order': False, 'shape': (" + v.length + ",), }";
        int pad = 16 - (10 + header.length() + 1) % 16;
        header = header + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + v.length * (float64 ? 8 : 4)).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (float x : v) {
            if (float64) {
                b.putDouble(x);
            } else {
                b.putFloat(x);
            }
        }
        Files.write(file, b.array());
        assertThat(NpyReader.readVector(file)).containsExactly(v);
    }
}

package io.faalive.lab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.faalive.lab.data.VoxCelebImport.Sources;
import io.faalive.lab.data.VoxCelebImport.TestSet;

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

        EmbeddingDataset data = VoxCelebImport.read(dir, new Sources(dir.resolve("meta.csv"), dir.resolve("splits.txt"),
                TestSet.UNSEEN_UNHEARD, null, null, null, null), 1).dataset();

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

    /**
     * Features of three unseen-unheard test identities and one training identity, every file
     * with its own vector, so that a trial can be traced back to the files it names.
     */
    private static final String[][] PEOPLE = {{"id10002", "A.R._Rahman", "m", "4"}, {"id10003", "Aamir_Khan", "m", "4"},
        {"id10004", "Aaron_Tveit", "f", "4"}, {"id10001", "A.J._Buckley", "m", "1"}, {"id10005", "Aaron_Yoo", "f", "2"},
        {"id10006", "Abbie_Cornish", "f", "2"}, {"id10007", "Abigail_Spencer", "f", "1"}};

    private static Map<String, float[]> writePeople(Path dir) throws IOException {
        Random r = new Random(2);
        Map<String, float[]> byFile = new HashMap<>();
        StringBuilder meta = new StringBuilder("VoxCeleb1 ID\tVGGFace1 ID\tGender\tNationality\tSet\n");
        StringBuilder splits = new StringBuilder();
        for (String[] p : PEOPLE) {
            meta.append(p[0]).append('\t').append(p[1]).append('\t').append(p[2]).append("\tX\tdev\n");
            splits.append(p[1]).append(' ').append(p[3]).append(" \n");
            for (String video : List.of("vidA_1", "vidB")) { // a '_' inside a video id, as YouTube ids have
                for (String frame : List.of("0000125", "0000250")) {
                    String f = "face/" + p[1] + "/" + video + "/" + frame + ".npy";
                    byFile.put(f, vector(r, 8));
                    npy(dir.resolve(f), byFile.get(f), false);
                }
                for (String utt : List.of("00001", "00002")) {
                    String f = "voice/" + p[0] + "/" + video + "/" + utt + ".npy";
                    byFile.put(f, vector(r, 4));
                    npy(dir.resolve(f), byFile.get(f), false);
                }
            }
        }
        Files.writeString(dir.resolve("meta.csv"), meta);
        Files.writeString(dir.resolve("splits.txt"), splits);
        return byFile;
    }

    @Test
    void testTrialsComeFromThePublishedListsAndNameTheirFiles(@TempDir Path dir) throws IOException {
        Map<String, float[]> file = writePeople(dir);
        // The two naming conventions of the CMPC lists; the last verification line names a frame without features.
        Files.writeString(dir.resolve("verif.txt"), """
                id,voice-speaker-id,face-speaker-id,label,voice-path,face-path
                1,2,2,1,A.R._Rahman/vidA_1_0000002.wav,A.R._Rahman/vidB/0000250.jpg
                2,2,3,0,A.R._Rahman/vidB_0000001.wav,Aamir_Khan/vidA_1/0000125.jpg
                3,4,4,1,Aaron_Tveit/vidB_0000001.wav,Aaron_Tveit/vidA_1/0000999.jpg
                """);
        Files.writeString(dir.resolve("v2f.csv"), """
                id10003/vidB/00002.wav Aamir_Khan/1.6/vidA_1/0000250.jpg Aaron_Tveit/1.6/vidB/0000125.jpg
                """);
        Files.writeString(dir.resolve("f2v.csv"), """
                Aaron_Tveit/1.6/vidB/0000250.jpg id10004/vidA_1/00001.wav id10002/vidA_1/00002.wav
                """);
        VoxCelebImport.Imported imported = VoxCelebImport.read(dir, new Sources(dir.resolve("meta.csv"),
                dir.resolve("splits.txt"), TestSet.UNSEEN_UNHEARD, dir.resolve("verif.txt"), null,
                dir.resolve("v2f.csv"), dir.resolve("f2v.csv")), 1);

        Split test = imported.dataset().split("test");
        Trials trials = imported.dataset().trials("test");
        assertThat(trials.verificationU()).hasSize(2);
        Trials.Verification first = trials.verificationU().get(0);
        assertThat(first.same()).isTrue();
        assertThat(test.voices()[first.voice()]).containsExactly(file.get("voice/id10002/vidA_1/00002.npy"));
        assertThat(test.faces()[first.face()]).containsExactly(file.get("face/A.R._Rahman/vidB/0000250.npy"));
        Trials.Verification second = trials.verificationU().get(1);
        assertThat(second.same()).isFalse();
        assertThat(test.faces()[second.face()]).containsExactly(file.get("face/Aamir_Khan/vidA_1/0000125.npy"));

        Trials.Matching vf = trials.matchingVfU().get(0);
        assertThat(trials.matchingVfU()).hasSize(1);
        assertThat(test.voices()[vf.probe()]).containsExactly(file.get("voice/id10003/vidB/00002.npy"));
        assertThat(test.faces()[vf.candidates()[0]]).containsExactly(file.get("face/Aamir_Khan/vidA_1/0000250.npy"));
        assertThat(test.faces()[vf.candidates()[1]]).containsExactly(file.get("face/Aaron_Tveit/vidB/0000125.npy"));
        Trials.Matching fv = trials.matchingFvU().get(0);
        assertThat(test.faces()[fv.probe()]).containsExactly(file.get("face/Aaron_Tveit/vidB/0000250.npy"));
        assertThat(test.voices()[fv.candidates()[0]]).containsExactly(file.get("voice/id10004/vidA_1/00001.npy"));
        assertThat(test.voices()[fv.candidates()[1]]).containsExactly(file.get("voice/id10002/vidA_1/00002.npy"));

        // Families without a list are generated; the report says which is which, and what was skipped.
        assertThat(trials.verificationG()).isNotEmpty();
        assertThat(trials.matchingVfN()).isNotEmpty();
        assertThat(imported.trialSources()).contains("verification U: 2 of the 3 trials of verif.txt (1 name files without features)",
                "1:2 V-F U: 1 of the 1 trials of v2f.csv (0 name files without features)");
        assertThat(imported.trialSources()).anyMatch(l -> l.startsWith("verification G:") && l.endsWith("generated"));
        assertThat(imported.dataset().source()).contains("unseen-unheard", "verif.txt");
    }

    @Test
    void seenHeardHoldsOutTheListedVideosOfTrainingIdentities(@TempDir Path dir) throws IOException {
        writePeople(dir);
        Files.writeString(dir.resolve("seen.txt"), """
                id,voice-speaker-id,face-speaker-id,label,voice-path,face-path
                1,1,1,1,A.J._Buckley/vidB_0000001.wav,A.J._Buckley/vidB/0000125.jpg
                2,1,7,0,A.J._Buckley/vidB_0000002.wav,Abigail_Spencer/vidA_1/0000250.jpg
                """);
        EmbeddingDataset data = VoxCelebImport.read(dir, new Sources(dir.resolve("meta.csv"), dir.resolve("splits.txt"),
                TestSet.SEEN_HEARD, dir.resolve("seen.txt"), null, null, null), 1).dataset();
        // The listed videos (A.J._Buckley's vidB, Abigail_Spencer's vidA_1) are the test set, their other
        // videos stay in training, and the unseen-unheard identities are not used.
        Split test = data.split("test");
        assertThat(test.faces()).hasNumberOfRows(4);
        assertThat(test.voices()).hasNumberOfRows(4);
        assertThat(data.split("train").faces()).hasNumberOfRows(4);
        assertThat(java.util.Arrays.stream(test.faceVideo()).distinct().count()).isEqualTo(2);
        assertThat(data.trials("test").verificationU()).extracting(Trials.Verification::same).containsExactly(true, false);
    }

    @Test
    void aListThatNamesNoImportedFileIsAClearError(@TempDir Path dir) throws IOException {
        writePeople(dir);
        Files.writeString(dir.resolve("v2f.csv"), """
                id10003/other/00002.wav Aamir_Khan/1.6/other/0000250.jpg Aaron_Tveit/1.6/other/0000125.jpg
                """);
        assertThatThrownBy(() -> VoxCelebImport.read(dir, new Sources(dir.resolve("meta.csv"), dir.resolve("splits.txt"),
                TestSet.UNSEEN_UNHEARD, null, null, dir.resolve("v2f.csv"), null), 1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("none of the 1 trials")
                .hasMessageContaining("Aamir_Khan/other/250")
                .hasMessageContaining("--trials generated");
    }

    @Test
    void aMissingOrEmptyFeatureTreeIsAClearError(@TempDir Path dir) throws IOException {
        writePeople(dir);
        Sources sources = new Sources(dir.resolve("meta.csv"), dir.resolve("splits.txt"), TestSet.UNSEEN_UNHEARD,
                null, null, null, null);
        assertThatThrownBy(() -> VoxCelebImport.read(dir.resolve("nowhere"), sources, 1))
                .hasMessageContaining("nowhere/face is not a folder").hasMessageContaining("<VGGFace1 name>");
        // Faces named by VoxCeleb1 id instead of name: no identity has both modalities.
        Path wrong = dir.resolve("wrong");
        Files.createDirectories(wrong.resolve("voice"));
        Files.move(dir.resolve("voice/id10002"), wrong.resolve("voice/id10002"));
        Files.createDirectories(wrong.resolve("face/id10002"));
        assertThatThrownBy(() -> VoxCelebImport.read(wrong, sources, 1))
                .hasMessageContaining("no train identity has both face and voice features");
    }

    @Test
    void theSeenHeardTestSetNeedsItsList(@TempDir Path dir) throws IOException {
        writePeople(dir);
        assertThatThrownBy(() -> VoxCelebImport.read(dir, new Sources(dir.resolve("meta.csv"), dir.resolve("splits.txt"),
                TestSet.SEEN_HEARD, null, null, null, null), 1))
                .hasMessageContaining("veriflist_test_random_seenheard.txt");
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

package io.faalive.lab.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.faalive.lab.data.PublishedTrials.MatchingLine;
import io.faalive.lab.data.PublishedTrials.VerificationLine;
import io.faalive.serving.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The reader on the real CMPC lists in ../shared/fixtures/features/cmpc (skipped where absent). */
class PublishedTrialsTest {

    @Test
    void keysDropLeadingZerosSoBothNamingsMeetOnOneFile() {
        assertThat(PublishedTrials.key("A.R._Rahman", "gaQqIoV_aLY", "0000001.wav"))
                .isEqualTo(PublishedTrials.key("A.R._Rahman", "gaQqIoV_aLY", "00001.npy"))
                .isEqualTo("A.R._Rahman/gaQqIoV_aLY/1");
        assertThat(PublishedTrials.key("X", "v", "0000000.jpg")).isEqualTo("X/v/0");
    }

    @Test
    void readsEveryLineOfThePublishedUnseenUnheardLists() throws IOException {
        Path cmpc = Fixtures.file("features/cmpc");
        Map<String, String> nameOfId = new HashMap<>();
        for (String line : Files.readAllLines(cmpc.resolve("vox1_meta.csv")).subList(1, 1252)) {
            String[] f = line.split("\t");
            nameOfId.put(f[0], f[1]);
        }
        Map<String, String> splitOf = Files.readAllLines(cmpc.resolve("Splits/identity_splits.txt")).stream()
                .map(l -> l.trim().split("\\s+")).collect(Collectors.toMap(f -> f[0], f -> f[1]));
        PublishedTrials reader = new PublishedTrials(nameOfId);

        List<VerificationLine> verification = reader.readVerification(
                cmpc.resolve("veriflist/veriflist_test_random_unseenunheard.txt"));
        assertThat(verification).hasSize(30_496);
        assertThat(verification.stream().filter(VerificationLine::same)).hasSize(15_248);
        // Every file is keyed by an unseen-unheard identity's name, and labels agree with the names.
        assertThat(verification).allSatisfy(v -> {
            assertThat(splitOf.get(person(v.voice()))).isEqualTo("4");
            assertThat(splitOf.get(person(v.face()))).isEqualTo("4");
            assertThat(person(v.voice()).equals(person(v.face()))).isEqualTo(v.same());
        });

        // The matching lists name voices by VoxCeleb1 id: the keys carry the person's name instead.
        List<MatchingLine> vf = reader.readMatching(cmpc.resolve("matching/matching_v2f_U.csv"), true);
        List<MatchingLine> fv = reader.readMatching(cmpc.resolve("matching/matching_f2v_U.csv"), false);
        assertThat(vf).hasSize(10_000);
        assertThat(fv).hasSize(10_000);
        for (List<MatchingLine> list : List.of(vf, fv)) {
            assertThat(list).allSatisfy(m -> {
                assertThat(person(m.probe())).isEqualTo(person(m.match())).isNotEqualTo(person(m.nonMatch()));
                assertThat(splitOf.get(person(m.probe()))).isEqualTo("4");
            });
        }
        assertThat(vf.get(0)).isEqualTo(new MatchingLine("A.R._Rahman/w9H-ZMvdE9M/1",
                "A.R._Rahman/6WO410QOeuo/5575", "Donald_Glover/Y9xDOjtIlnY/5300"));
    }

    private static String person(String key) {
        return key.substring(0, key.indexOf('/'));
    }
}

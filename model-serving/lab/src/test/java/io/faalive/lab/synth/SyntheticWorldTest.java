package io.faalive.lab.synth;

import static org.assertj.core.api.Assertions.assertThat;

import io.faalive.lab.TinyWorlds;
import io.faalive.lab.data.EmbeddingDataset;
import io.faalive.lab.data.Split;
import io.faalive.lab.eval.Evaluation;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntheticWorldTest {

    @Test
    void theSameSeedGivesTheSameWorldAndSplitsShareNoIdentity() {
        EmbeddingDataset a = TinyWorlds.world(11);
        EmbeddingDataset b = TinyWorlds.world(11);
        assertThat(a.split("test").faces()).isDeepEqualTo(b.split("test").faces());
        assertThat(TinyWorlds.world(12).split("test").faces()[0]).isNotEqualTo(a.split("test").faces()[0]);
        Set<Integer> train = ids(a.split("train"));
        Set<Integer> val = ids(a.split("val"));
        Set<Integer> test = ids(a.split("test"));
        assertThat(train).hasSize(120).doesNotContainAnyElementsOf(val).doesNotContainAnyElementsOf(test);
        assertThat(val).hasSize(30).doesNotContainAnyElementsOf(test);
        float[] face = a.split("train").faces()[0];
        double norm = 0;
        for (float x : face) {
            norm += x * x;
        }
        assertThat(norm).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
    }

    @Test
    void theCeilingFindsTheSharedLatentAndGenderTrialsAreHarder() {
        EmbeddingDataset world = TinyWorlds.world(3);
        CeilingScorer ceiling = new CeilingScorer(world);
        Split test = world.split("test");
        var result = Evaluation.run(test, world.trials("test"), (faces, voices) -> {
            double[] s = new double[faces.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = ceiling.score(test.faces()[faces[i]], test.voices()[voices[i]]);
            }
            return s;
        });
        assertThat(result.get("verification", "auc_u")).isGreaterThan(70);
        assertThat(result.get("verification", "auc_g")).isLessThan(result.get("verification", "auc_u"));
        assertThat(result.get("matching", "vf_1to10")).isLessThan(result.get("matching", "vf_1to2"));
    }

    private static Set<Integer> ids(Split s) {
        return Arrays.stream(s.faceIdentity()).boxed().collect(Collectors.toSet());
    }
}

package io.faalive.lab.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.faalive.lab.TinyWorlds;
import io.faalive.lab.data.EmbeddingDataset;
import io.faalive.lab.synth.CeilingScorer;
import org.junit.jupiter.api.Test;

/** The unsupervised linear reference finds the association without labels and stays below the world's ceiling. */
class LinearScorerTest {

    @Test
    void scoresSamePeopleAboveStrangersWithoutLabels() {
        EmbeddingDataset world = TinyWorlds.world(31);
        var test = world.split("test");
        double linear = Evaluation.run(test, world.trials("test"), LinearScorer.fit(world, test)).get("verification", "auc_u");
        CeilingScorer ceiling = new CeilingScorer(world);
        PairScorer ceilingPairs = (faces, voices) -> {
            double[] s = new double[faces.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = ceiling.score(test.faces()[faces[i]], test.voices()[voices[i]]);
            }
            return s;
        };
        double best = Evaluation.run(test, world.trials("test"), ceilingPairs).get("verification", "auc_u");
        assertThat(linear).isGreaterThan(60);
        assertThat(linear).isLessThan(best + 2); // it knows no latents: not above the ceiling beyond noise
    }
}

package io.faalive.lab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faalive.lab.TinyWorlds;
import io.faalive.lab.data.EmbeddingDataset;
import io.faalive.lab.data.Split;
import io.faalive.lab.data.Trials;
import org.junit.jupiter.api.Test;

/** The trainer's validation pairs: drawn from the validation split, the same for every run, or the dataset's list. */
class ValidationTrialsTest {

    private final EmbeddingDataset world = TinyWorlds.world(5);

    @Test
    void drawsTheRequestedPairsFromTheValidationSplitHalfOfThemTrue() {
        Split val = world.split("val");
        Trials t = ValidationTrials.of(world, 3_000);

        assertThat(t.verificationU()).hasSize(3_000);
        assertThat(t.verificationU().stream().filter(Trials.Verification::same)).hasSize(1_500);
        for (Trials.Verification p : t.verificationU()) {
            boolean sameIdentity = val.voiceIdentity()[p.voice()] == val.faceIdentity()[p.face()];
            assertThat(sameIdentity).isEqualTo(p.same());
            if (p.same()) {
                // a true pair's face comes from another video of the person, as in the test lists
                assertThat(val.faceVideo()[p.face()]).isNotEqualTo(val.voiceVideo()[p.voice()]);
            }
        }
        // no matching trials: validation scores verification only
        assertThat(t.matchingVfU()).isEmpty();
    }

    @Test
    void theDrawnPairsDependOnNothingButTheFixedSeed() {
        assertThat(ValidationTrials.of(world, 2_000).verificationU())
                .isEqualTo(ValidationTrials.of(world, 2_000).verificationU());
    }

    @Test
    void zeroMeansTheDatasetsOwnListAndNegativeIsRefused() {
        assertThat(ValidationTrials.of(world, 0)).isSameAs(world.trials("val"));
        assertThatThrownBy(() -> ValidationTrials.of(world, -1)).hasMessageContaining("validationPairs must be >= 0");
    }
}

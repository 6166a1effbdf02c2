package io.faalive.lab.train;

import io.faalive.lab.data.EmbeddingDataset;
import io.faalive.lab.data.TrialGenerator;
import io.faalive.lab.data.Trials;

/**
 * The verification pairs training validates on. Every choice of a training run rests on
 * validation AUC-U (progressive clustering, early stopping, the kept checkpoint, the skip
 * path), and the 5,000 pairs a synthetic world lists for its validation split give it a
 * standard error of about 0.64 points (AUC 0.79, Hanley and McNeil), more than most of the differences those choices
 * weigh. So the trainer draws its own, larger list from the validation split, with one fixed
 * seed: every method and training seed validates on the same pairs.
 */
final class ValidationTrials {

    /** Seed of the drawn pairs: fixed, so that runs differ by their training seed only. */
    private static final long SEED = 20_240_415L;

    private ValidationTrials() {}

    /**
     * {@code pairs} verification pairs (half same identity, half random impostors) drawn from
     * the dataset's validation split; 0: the dataset's own validation list.
     */
    static Trials of(EmbeddingDataset data, int pairs) {
        if (pairs < 0) {
            throw new IllegalArgumentException("validationPairs must be >= 0 (0: the dataset's own list), got " + pairs);
        }
        if (pairs == 0) {
            return data.trials("val");
        }
        return new TrialGenerator(data.split("val"), data.identityGender(), SEED).generate(pairs, 0, 0);
    }
}

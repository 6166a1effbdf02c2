package io.faalive.lab.data;

import java.util.List;

/**
 * Evaluation trials of one split; every number is a row index into that split's faces or
 * voices. {@code U} trials draw impostors at random, {@code G} trials from the same gender.
 */
public record Trials(
        List<Verification> verificationU,
        List<Verification> verificationG,
        List<Matching> matchingVfU,
        List<Matching> matchingVfG,
        List<Matching> matchingFvU,
        List<Matching> matchingFvG,
        List<Matching> matchingVfN) {

    /** Does this voice belong to this face? */
    public record Verification(int voice, int face, boolean same) {}

    /**
     * A probe of one modality and candidates of the other; candidate 0 is the match. For V-F
     * the probe is a voice row and candidates are face rows; for F-V the reverse.
     */
    public record Matching(int probe, int[] candidates) {}
}

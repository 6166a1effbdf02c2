package io.faalive.serving.associate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpeakingScoreTest {

    @Test
    void aStillMouthThatCorrelatesByChanceLosesToAMovingOne() {
        Candidate speaker = face(1, 0.3f, 2.0f);
        Candidate still = face(2, 0.45f, 0.05f);
        Candidate[] scored = SpeakingScore.of(new Candidate[] {speaker, still});
        assertThat(scored[0].sync()).isEqualTo(0.3f);
        assertThat(scored[1].sync()).isLessThan(0.1f);
    }

    @Test
    void whereEveryMouthMovesAlikeTheSyncDecides() {
        Candidate[] scored = SpeakingScore.of(new Candidate[] {face(1, 0.2f, 1.5f), face(2, 0.5f, 1.5f), face(3, 0.1f, 1.4f)});
        assertThat(scored[1].sync()).isGreaterThan(scored[0].sync()).isGreaterThan(scored[2].sync());
        assertThat(scored[1].sync()).isEqualTo(0.5f);
    }

    @Test
    void unknownScoresStayUnknownAndAFaceAloneKeepsItsSync() {
        Candidate[] scored = SpeakingScore.of(new Candidate[] {face(1, Float.NaN, 3f), face(2, 0.4f, 0.2f)});
        assertThat(scored[0].sync()).isNaN();
        assertThat(scored[1].sync()).as("the only scored face is the liveliest").isEqualTo(0.4f);
        assertThat(SpeakingScore.of(new Candidate[] {face(1, -0.2f, 1f)})[0].sync()).as("no negative evidence").isZero();
    }

    private static Candidate face(long id, float sync, float activity) {
        return new Candidate(id, sync, activity, 0.1f, 0.1f, 0.2f, 0.3f);
    }
}

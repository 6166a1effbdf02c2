package io.faalive.serving.associate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Binding evidence from noisy per-window sync: three faces, voices 1 and 2 belong to faces 10 and 20. */
class BindingEvidenceTest {

    private final Random random = new Random(3);

    @Test
    void aWeakCueAccumulatesToTheRightOneToOneBinding() {
        BindingEvidence e = new BindingEvidence(new BindingEvidence.State());
        for (int i = 0; i < 20; i++) {
            // the speaking face leads by 0.1 on average under noise of 0.2: first in a window barely half the time
            e.add(1, window(0.1f, 0f, 0f), 0.25f);
            e.add(2, window(0f, 0.1f, 0f), 0.25f);
        }
        assertThat(e.assign(4, 2.0)).containsEntry(1L, 10L).containsEntry(2L, 20L).hasSize(2);
    }

    @Test
    void aFaceThatMovesWithEveryVoiceIsBoundToNone() {
        BindingEvidence e = new BindingEvidence(new BindingEvidence.State());
        for (int i = 0; i < 30; i++) {
            // face 30 syncs best under both voices (lively, or favoured by the cue); voice 1 is face 10's, voice 3 off screen
            e.add(1, window(0.15f, 0f, 0.3f), 0.25f);
            e.add(3, window(0f, 0f, 0.3f), 0.25f);
        }
        assertThat(e.t(1, 30)).isLessThan(2.0);
        // face 10 keeps level with the others under voice 1 without leading them: not bound either, until its
        // mouth shows more (SpeakingScore weighs the sync by mouth activity before it gets here)
        assertThat(e.assign(4, 2.0)).doesNotContainValue(30L);
    }

    @Test
    void aVoiceWithNobodyOnScreenBindsNoListener() {
        BindingEvidence e = new BindingEvidence(new BindingEvidence.State());
        for (int i = 0; i < 30; i++) {
            // faces 10 and 20 speak for voices 1 and 2; voice 3 is off screen, and listener 30 lags the speaker
            // under voices 1 and 2 but not under voice 3, where nobody leads: a contrast, not a sign it speaks
            e.add(1, window(0.3f, 0f, 0f), 0.25f);
            e.add(2, window(0f, 0.3f, 0f), 0.25f);
            e.add(3, window(0f, 0f, 0f), 0.25f);
        }
        assertThat(e.t(3, 30)).isLessThan(2.0);
        assertThat(e.assign(4, 2.0)).containsEntry(1L, 10L).containsEntry(2L, 20L).doesNotContainKey(3L);
    }

    @Test
    void aMergedSpeakerBringsItsEvidenceAndAnEndedTrackTakesItsAway() {
        BindingEvidence e = new BindingEvidence(new BindingEvidence.State());
        for (int i = 0; i < 10; i++) {
            e.add(1, window(0.2f, 0f, 0f), 0.25f);
            e.add(5, window(0.2f, 0f, 0f), 0.25f);
        }
        e.rename(5, 1);
        assertThat(e.windows(1, 10)).isEqualTo(20);
        assertThat(e.windows(5, 10)).isZero();
        e.forgetTrack(10);
        assertThat(e.assign(2, 2.0)).doesNotContainKey(1L);
    }

    private Candidate[] window(float lead10, float lead20, float lead30) {
        return new Candidate[] {face(10, lead10), face(20, lead20), face(30, lead30)};
    }

    private Candidate face(long id, float lead) {
        return new Candidate(id, 0.2f + lead + 0.2f * (float) random.nextGaussian(), 1f, 0, 0, 0.1f, 0.1f);
    }
}

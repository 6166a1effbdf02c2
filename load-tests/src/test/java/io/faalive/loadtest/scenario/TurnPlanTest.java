package io.faalive.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.faalive.serving.audio.SpeechSegmenter.Segment;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnPlanTest {

    private static final List<TurnPlan.Voice> VOICES = List.of(
            new TurnPlan.Voice(List.of(new Segment(200, 1500), new Segment(2000, 4800)), 5000),
            new TurnPlan.Voice(List.of(new Segment(0, 3000)), 3000),
            new TurnPlan.Voice(List.of(), 4000), // a listener
            new TurnPlan.Voice(List.of(new Segment(500, 2500), new Segment(3100, 6000), new Segment(6600, 8000)), 9000));

    @Test
    void turnsFollowOneAnotherWithoutOverlapAndOnlyVoicesWithSpeechTalk() {
        List<TurnPlan.Turn> plan = TurnPlan.plan(VOICES, 20, 7);
        assertThat(plan).hasSize(20);
        assertThat(plan.get(0).startMs()).isEqualTo(TurnPlan.LEAD_MS);
        for (int i = 1; i < plan.size(); i++) {
            assertThat(plan.get(i).startMs()).isGreaterThanOrEqualTo(plan.get(i - 1).endMs() + 300);
        }
        assertThat(plan).noneMatch(t -> t.speaker() == 2);
        assertThat(plan.stream().map(TurnPlan.Turn::speaker).distinct()).containsExactlyInAnyOrder(0, 1, 3);
        for (TurnPlan.Turn t : plan) {
            TurnPlan.Voice v = VOICES.get(t.speaker());
            assertThat(t.sourceEndMs()).isLessThanOrEqualTo(v.durationMs()).isGreaterThan(t.sourceStartMs());
            // every turn starts just before one of the clip's speech onsets
            assertThat(v.speech()).anyMatch(s -> s.startMs() - t.sourceStartMs() >= 0 && s.startMs() - t.sourceStartMs() <= 150);
        }
        assertThat(TurnPlan.durationMs(plan)).isEqualTo(plan.get(19).endMs() + TurnPlan.TAIL_MS);
    }

    @Test
    void theSameSeedGivesTheSameMeetingAndAnotherSeedAnotherOne() {
        assertThat(TurnPlan.plan(VOICES, 12, 3)).isEqualTo(TurnPlan.plan(VOICES, 12, 3));
        assertThat(TurnPlan.plan(VOICES, 12, 3)).isNotEqualTo(TurnPlan.plan(VOICES, 12, 4));
    }
}

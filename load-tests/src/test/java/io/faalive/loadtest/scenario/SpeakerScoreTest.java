package io.faalive.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeakerScoreTest {

    /** A on the left, B on the right, C a voice only: A 1-4 s, B 5-8 s, A 9-10 s, C 11-13 s; 14 s in all. */
    private static final Truth TRUTH = new Truth("m", "m.mp4", 14_000, 1280, 720, 1, null,
            List.of(new Truth.Person("A", "a.mp4", "speaker", new double[] {0, 0, 0.5, 1}),
                    new Truth.Person("B", "b.mp4", "speaker", new double[] {0.5, 0, 0.5, 1}),
                    new Truth.Person("C", "c.flac", "off-screen", null)),
            List.of(new Truth.Speech("A", 1000, 4000), new Truth.Speech("B", 5000, 8000), new Truth.Speech("A", 9000, 10_000),
                    new Truth.Speech("C", 11_000, 13_000)),
            List.of());

    @Test
    void eventsThatFollowTheTruthScorePerfectly() {
        SpeakerScore.Figures f = score(perfect(0));
        assertThat(f.accuracy()).isEqualTo(1.0);
        assertThat(f.falseAlarm()).isEqualTo(0.0);
        assertThat(f.switches()).isEqualTo(4);
        assertThat(f.switchesMissed()).isZero();
        assertThat(f.switchP95S()).isZero();
        assertThat(f.flicker()).isEqualTo(1.0);
        assertThat(f.purity()).isEqualTo(1.0);
        assertThat(f.idsPerSpeaker()).isEqualTo(1.0);
        assertThat(f.coverage()).isEqualTo(1.0);
    }

    @Test
    void aLateDecisionShowsAsSwitchLatencyAndLostSpeech() {
        SpeakerScore.Figures f = score(perfect(400));
        assertThat(f.switchP50S()).isCloseTo(0.4, within(0.011));
        // 150 ms after each onset lie outside the 0.25-s collar, and as much silence after each offset
        assertThat(f.accuracy()).isLessThan(0.95).isGreaterThan(0.8);
        assertThat(f.falseAlarm()).isGreaterThan(0);
    }

    @Test
    void theWrongFaceAndASplitVoiceAreCounted() {
        List<SpeakerScore.Event> events = new ArrayList<>(List.of(
                new SpeakerScore.Event(0, 1000, "SILENCE", Double.NaN, Double.NaN, null),
                new SpeakerScore.Event(1000, 4000, "SPEAKING", 0.25, 0.5, "S1"),
                new SpeakerScore.Event(4000, 5000, "SILENCE", Double.NaN, Double.NaN, null),
                // B's turn flicks to A's face for half a second; A comes back under a second session id
                new SpeakerScore.Event(5000, 6000, "SPEAKING", 0.75, 0.5, "S2"),
                new SpeakerScore.Event(6000, 6500, "SPEAKING", 0.25, 0.5, "S2"),
                new SpeakerScore.Event(6500, 8000, "SPEAKING", 0.75, 0.5, "S2"),
                new SpeakerScore.Event(8000, 9000, "SILENCE", Double.NaN, Double.NaN, null),
                new SpeakerScore.Event(9000, 10_000, "SPEAKING", 0.25, 0.5, "S3"),
                new SpeakerScore.Event(10_000, 11_000, "SILENCE", Double.NaN, Double.NaN, null),
                new SpeakerScore.Event(11_000, 13_000, "SPEAKING", 0.75, 0.5, "S4"),
                new SpeakerScore.Event(13_000, 14_000, "SILENCE", Double.NaN, Double.NaN, null)));
        SpeakerScore.Figures f = score(events);
        assertThat(f.accuracy()).isLessThan(0.75);
        assertThat(f.switchP95S()).isEqualTo(3.0); // the miss counts as its whole stretch, 11 s to the end
        assertThat(f.switchesMissed()).isEqualTo(1); // C, shown on B's face, is never named off screen
        assertThat(f.flicker()).isCloseTo(5 / 3.0, within(1e-9));
        assertThat(f.idsPerSpeaker()).isCloseTo(4 / 3.0, within(1e-9));
    }

    @Test
    void aSpeakingBoxOutsideEveryTileNamesNobody() {
        assertThat(SpeakerScore.personAt(TRUTH, 0.25, 0.5)).isEqualTo("A");
        assertThat(SpeakerScore.personAt(TRUTH, 1.5, 0.5)).isEqualTo("elsewhere");
    }

    private static SpeakerScore.Figures score(List<SpeakerScore.Event> events) {
        SpeakerScore.Tally tally = new SpeakerScore.Tally();
        SpeakerScore.score(TRUTH, events, 0.25, tally);
        return tally.figures();
    }

    /** The truth as events, each speech onset and offset decided {@code lagMs} late. */
    private static List<SpeakerScore.Event> perfect(long lagMs) {
        List<SpeakerScore.Event> events = new ArrayList<>();
        long t = 0;
        for (Truth.Speech s : TRUTH.speech()) {
            events.add(new SpeakerScore.Event(t, s.startMs() + lagMs, "SILENCE", Double.NaN, Double.NaN, null));
            Truth.Person p = TRUTH.person(s.person());
            events.add(p.onScreen()
                    ? new SpeakerScore.Event(s.startMs() + lagMs, s.endMs() + lagMs, "SPEAKING", p.box()[0] + 0.1, 0.5, "S" + s.person())
                    : new SpeakerScore.Event(s.startMs() + lagMs, s.endMs() + lagMs, "OFF_SCREEN", Double.NaN, Double.NaN, "S" + s.person()));
            t = s.endMs() + lagMs;
        }
        events.add(new SpeakerScore.Event(t, TRUTH.durationMs(), "SILENCE", Double.NaN, Double.NaN, null));
        return events;
    }
}

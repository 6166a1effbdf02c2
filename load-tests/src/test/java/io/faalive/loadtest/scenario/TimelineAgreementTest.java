package io.faalive.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.faalive.loadtest.scenario.TimelineAgreement.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineAgreementTest {

    @Test
    void countsTheSharedTimeWithTheSameStateFaceAndSpeaker() {
        List<Span> a = List.of(new Span(0, 500, "SILENCE", null, null), new Span(500, 1500, "SPEAKING", "1", "S1"),
                new Span(1500, 2000, "SPEAKING", "2", "S2"));
        // cut elsewhere; the same until 1200, then another face for 300 ms, then another session id
        List<Span> b = List.of(new Span(0, 700, "SILENCE", null, null), new Span(700, 1200, "SPEAKING", "1", "S1"),
                new Span(1200, 1500, "SPEAKING", "3", "S1"), new Span(1500, 2500, "SPEAKING", "2", "S3"));
        TimelineAgreement.Result r = TimelineAgreement.of(a, b);
        assertThat(r.comparedMs()).as("time both cover").isEqualTo(2000);
        // agree: 0-500 silence, 700-1200 face 1; disagree: 500-700, 1200-1500, 1500-2000
        assertThat(r.agreedMs()).isEqualTo(1000);
        assertThat(r.agreement()).isEqualTo(0.5);
    }

    @Test
    void identicalRunsAgreeFullyInAnyOrder() {
        List<Span> a = List.of(new Span(0, 300, "OFF_SCREEN", null, "S1"), new Span(300, 900, "SILENCE", null, null));
        assertThat(TimelineAgreement.of(a, List.of(a.get(1), a.get(0))).agreement()).isEqualTo(1.0);
        assertThat(TimelineAgreement.of(a, List.of()).agreement()).isNaN();
    }
}

package io.faalive.serving.associate;

import static org.assertj.core.api.Assertions.assertThat;

import io.faalive.serving.associate.SpeakerSpan.SpeakerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The association's decisions on synthetic windows (1.5 s every 0.5 s): two visible people
 * with distinct voices take turns; sync favours whoever speaks, with noise.
 */
class AssociatorTest {

    private static final AssociationSettings SETTINGS = new AssociationSettings(500, 250, 0.25f, 0.1f, 0.3f, 1000, 250, 2000,
            2.0f, 0.4f, 0.6f, 30_000);

    private final Random random = new Random(7);
    private final float[] alice = voice(1);
    private final float[] bob = voice(2);

    @Test
    void spansTileTheTimelineAndFollowTheTurnsWithStableSpeakerIds() {
        // 0-6 s Alice (track 1), 6-8 s silence, 8-14 s Bob (track 2), 14-20 s Alice again
        Associator a = new Associator(SETTINGS, new Associator.State());
        List<SpeakerSpan> spans = new ArrayList<>();
        List<Binding> bindings = new ArrayList<>();
        for (long end = 1500; end <= 20_000; end += 500) {
            Associator.Result r = a.accept(window(end - 1500, end));
            spans.addAll(r.spans());
            bindings.addAll(r.bindings());
        }
        assertThat(spans.get(0).startMs()).isZero();
        for (int i = 1; i < spans.size(); i++) {
            assertThat(spans.get(i).startMs()).as("no gap, no overlap").isEqualTo(spans.get(i - 1).endMs());
        }
        assertThat(at(spans, 3000).trackId()).isEqualTo(1);
        assertThat(at(spans, 7000).state()).isEqualTo(SpeakerState.SILENCE);
        assertThat(at(spans, 6000).state()).as("silence starts where the VAD says, not on the hop grid").isEqualTo(SpeakerState.SILENCE);
        assertThat(at(spans, 5990).state()).isEqualTo(SpeakerState.SPEAKING);
        assertThat(at(spans, 11_000).trackId()).isEqualTo(2);
        assertThat(at(spans, 18_000).trackId()).isEqualTo(1);
        long aliceId = at(spans, 4000).sessionSpeakerId();
        long bobId = at(spans, 12_000).sessionSpeakerId();
        assertThat(aliceId).isNotEqualTo(bobId);
        assertThat(at(spans, 19_000).sessionSpeakerId()).as("Alice keeps her id after Bob's turn").isEqualTo(aliceId);
        assertThat(bindings).extracting(Binding::sessionSpeakerId, Binding::trackId)
                .contains(org.assertj.core.groups.Tuple.tuple(aliceId, 1L), org.assertj.core.groups.Tuple.tuple(bobId, 2L));
    }

    @Test
    void shortTurnsOfOneFaceKeepOneSessionSpeaker() {
        // a 1-s utterance every 4 s: too short to match by voice, the face carries the id
        Associator a = new Associator(SETTINGS, new Associator.State());
        List<SpeakerSpan> spans = new ArrayList<>();
        for (long end = 1500; end <= 20_000; end += 500) {
            long start = end - 1500;
            List<Long> speech = new ArrayList<>();
            for (long u = 1000; u < 20_000; u += 4000) {
                if (u < end && u + 1000 > start) {
                    speech.add(Math.max(start, u));
                    speech.add(Math.min(end, u + 1000));
                }
            }
            long talk = 0;
            for (int i = 0; i < speech.size(); i += 2) {
                talk += speech.get(i + 1) - speech.get(i);
            }
            Candidate face = new Candidate(1, 0.1f + 0.6f * talk / 1500f, 1f, 0.3f, 0.2f, 0.3f, 0.5f);
            spans.addAll(a.accept(new Observation(start, end, talk >= 500, talk >= 500 ? noisy(alice) : null,
                    new Candidate[] {face}, speech.stream().mapToLong(Long::longValue).toArray())).spans());
        }
        assertThat(spans.stream().filter(s -> s.state() != SpeakerState.SILENCE).map(SpeakerSpan::sessionSpeakerId).distinct())
                .as("one face, one voice, one id across five short turns").hasSize(1);
    }

    @Test
    void speechWithoutAMovingMouthIsOffScreen() {
        Associator a = new Associator(SETTINGS, new Associator.State());
        List<SpeakerSpan> spans = new ArrayList<>();
        for (long end = 1500; end <= 6000; end += 500) {
            Candidate listener = new Candidate(1, 0.05f + 0.05f * random.nextFloat(), 1f, 0.1f, 0.1f, 0.2f, 0.3f);
            spans.addAll(a.accept(new Observation(end - 1500, end, true, noisy(alice), new Candidate[] {listener},
                    new long[] {end - 1500, end})).spans());
        }
        assertThat(spans.get(0).startMs()).as("a deferred first span still starts the timeline").isZero();
        assertThat(spans).allSatisfy(s -> assertThat(s.state()).isEqualTo(SpeakerState.OFF_SCREEN))
                .allSatisfy(s -> assertThat(s.sessionSpeakerId()).isPositive());
    }

    @Test
    void aRestoredStateGivesTheSameDecisions() {
        Associator straight = new Associator(SETTINGS, new Associator.State());
        Associator first = new Associator(SETTINGS, new Associator.State());
        List<Observation> windows = new ArrayList<>();
        for (long end = 1500; end <= 16_000; end += 500) {
            windows.add(window(end - 1500, end));
        }
        List<SpeakerSpan> a = new ArrayList<>();
        List<SpeakerSpan> b = new ArrayList<>();
        Associator current = first;
        for (int i = 0; i < windows.size(); i++) {
            a.addAll(straight.accept(windows.get(i)).spans());
            if (i == 14) { // mid-turn: continue from the state alone, as after a restore
                current = new Associator(SETTINGS, copy(current.state()));
            }
            b.addAll(current.accept(windows.get(i)).spans());
        }
        assertThat(b).extracting(SpeakerSpan::startMs, SpeakerSpan::state, SpeakerSpan::trackId, SpeakerSpan::sessionSpeakerId)
                .isEqualTo(a.stream().map(s -> org.assertj.core.groups.Tuple.tuple(s.startMs(), s.state(), s.trackId(),
                        s.sessionSpeakerId())).toList());
    }

    /** Who speaks when in the script above: 1 Alice, 2 Bob, 0 nobody. */
    private static int speakerAt(long ms) {
        if (ms < 6000 || ms >= 14_000) {
            return ms >= 20_000 ? 0 : 1;
        }
        return ms < 8000 ? 0 : 2;
    }

    private Observation window(long start, long end) {
        long[] counts = new long[3];
        for (long t = start; t < end; t += 10) {
            counts[speakerAt(t)]++;
        }
        int main = counts[1] >= counts[2] ? 1 : 2;
        boolean speech = counts[1] + counts[2] >= counts[0];
        float share1 = counts[1] / (float) (counts[0] + counts[1] + counts[2]);
        float share2 = counts[2] / (float) (counts[0] + counts[1] + counts[2]);
        Candidate one = new Candidate(1, 0.1f + 0.7f * share1 + 0.1f * (float) random.nextGaussian(), 1f, 0.1f, 0.2f, 0.2f, 0.3f);
        Candidate two = new Candidate(2, 0.1f + 0.7f * share2 + 0.1f * (float) random.nextGaussian(), 1f, 0.6f, 0.2f, 0.2f, 0.3f);
        return new Observation(start, end, speech, speech ? noisy(main == 1 ? alice : bob) : null, new Candidate[] {one, two},
                speechSpans(start, end));
    }

    private static long[] speechSpans(long start, long end) {
        List<Long> spans = new ArrayList<>();
        long t = start;
        while (t < end) {
            boolean speech = speakerAt(t) != 0;
            long u = t;
            while (u < end && (speakerAt(u) != 0) == speech) {
                u += 10;
            }
            if (speech) {
                spans.add(t);
                spans.add(u);
            }
            t = u;
        }
        return spans.stream().mapToLong(Long::longValue).toArray();
    }

    private static SpeakerSpan at(List<SpeakerSpan> spans, long ms) {
        return spans.stream().filter(s -> s.startMs() <= ms && ms < s.endMs()).findFirst().orElseThrow();
    }

    private float[] voice(int seed) {
        Random r = new Random(seed);
        float[] v = new float[128];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /** The voice plus as much noise again: windows of one speaker have cosine about 0.5, as x-vectors over 1.5 s do. */
    private float[] noisy(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] + (float) random.nextGaussian();
        }
        return out;
    }

    private static Associator.State copy(Associator.State s) {
        Associator.State c = new Associator.State();
        c.decidedToMs = s.decidedToMs;
        c.lastSpeechMs = s.lastSpeechMs;
        c.speaker = s.speaker;
        c.speakerSinceMs = s.speakerSinceMs;
        c.holder = s.holder;
        c.deferred = s.deferred;
        c.deferredSpeech = s.deferredSpeech.clone();
        c.speakers = new SessionSpeakers.State();
        c.speakers.nextId = s.speakers.nextId;
        c.speakers.ids = s.speakers.ids.clone();
        c.speakers.sums = java.util.Arrays.stream(s.speakers.sums).map(float[]::clone).toArray(float[][]::new);
        c.speakers.speechMs = s.speakers.speechMs.clone();
        c.evidence = new BindingEvidence.State();
        c.evidence.speaker = s.evidence.speaker.clone();
        c.evidence.track = s.evidence.track.clone();
        c.evidence.n = s.evidence.n.clone();
        c.evidence.sum = s.evidence.sum.clone();
        c.evidence.sumSq = s.evidence.sumSq.clone();
        c.boundSpeaker = s.boundSpeaker.clone();
        c.boundTrack = s.boundTrack.clone();
        c.seenTrack = s.seenTrack.clone();
        c.seenMs = s.seenMs.clone();
        return c;
    }
}

package io.faalive.loadtest.scenario;

import io.faalive.serving.audio.SpeechSegmenter.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Who speaks when in a composed meeting: turns cut from each speaker's clip at its speech
 * onsets and offsets (so nobody starts or stops mid-word), separated by silences of varying
 * length, and now and then the same person again after a pause. Deterministic for a seed.
 */
final class TurnPlan {

    /** One turn: {@code speaker}'s clip from {@code sourceStartMs} to {@code sourceEndMs}, played from {@code startMs}. */
    record Turn(int speaker, long sourceStartMs, long sourceEndMs, long startMs) {
        long endMs() {
            return startMs + sourceEndMs - sourceStartMs;
        }
    }

    /** A speaker's clip as the planner sees it: where its speech is and how long its audio lasts. */
    record Voice(List<Segment> speech, long durationMs) {}

    static final long LEAD_MS = 800;
    static final long TAIL_MS = 1000;
    /** Kept around the cut so a turn does not start or end on the first or last sound of a word. */
    private static final long MARGIN_MS = 150;

    private TurnPlan() {}

    /**
     * {@code turns} turns over the voices that have speech; turn lengths aim at 1.2 to 4 s,
     * the shorter ones being the 1 to 2-s turns real meetings have plenty of.
     */
    static List<Turn> plan(List<Voice> voices, int turns, long seed) {
        List<Integer> speaking = new ArrayList<>();
        for (int i = 0; i < voices.size(); i++) {
            if (!voices.get(i).speech().isEmpty()) {
                speaking.add(i);
            }
        }
        if (speaking.isEmpty()) {
            throw new IllegalArgumentException("none of the clips has speech in it");
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] count = new int[voices.size()];
        List<Turn> plan = new ArrayList<>();
        long t = LEAD_MS;
        int previous = -1;
        for (int k = 0; k < turns; k++) {
            boolean again = previous >= 0 && (speaking.size() == 1 || random.nextDouble() < 0.2);
            int speaker = again ? previous : next(speaking, count, previous, random);
            long gap = k == 0 ? 0
                    : again ? 1000 + random.nextLong(1000)
                    : random.nextDouble() < 0.1 ? 2500 + random.nextLong(1000)
                    : 300 + random.nextLong(1200);
            Voice v = voices.get(speaker);
            long[] cut = excerpt(v, 1200 + random.nextLong(2800), random);
            Turn turn = new Turn(speaker, cut[0], cut[1], t + gap);
            plan.add(turn);
            count[speaker]++;
            t = turn.endMs();
            previous = speaker;
        }
        return List.copyOf(plan);
    }

    /** The meeting's length: the last turn's end and a little silence. */
    static long durationMs(List<Turn> plan) {
        return plan.get(plan.size() - 1).endMs() + TAIL_MS;
    }

    /** A new speaker: most often one of those who have spoken least, never the one who just spoke. */
    private static int next(List<Integer> speaking, int[] count, int previous, SplittableRandom random) {
        List<Integer> others = speaking.stream().filter(s -> s != previous).toList();
        int least = others.stream().mapToInt(s -> count[s]).min().orElseThrow();
        List<Integer> pool = random.nextDouble() < 0.7 ? others.stream().filter(s -> count[s] == least).toList() : others;
        return pool.get(random.nextInt(pool.size()));
    }

    /** From a speech onset to the speech offset that gives the length closest to {@code targetMs}. */
    private static long[] excerpt(Voice v, long targetMs, SplittableRandom random) {
        List<Segment> speech = v.speech();
        int first = random.nextInt(speech.size());
        long start = Math.max(0, speech.get(first).startMs() - MARGIN_MS);
        long end = speech.get(first).endMs();
        for (int j = first + 1; j < speech.size(); j++) {
            long candidate = speech.get(j).endMs();
            if (Math.abs(candidate - start - targetMs) < Math.abs(end - start - targetMs)) {
                end = candidate;
            }
        }
        // a long stretch of speech is cut (as an interruption would), so that turns stay turns
        return new long[] {start, Math.min(Math.min(v.durationMs(), end + MARGIN_MS), start + targetMs + 500)};
    }
}

package io.faalive.loadtest.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores speaker events against a meeting's truth on a 10-ms grid. A SPEAKING event names the
 * person whose tile holds the centre of its box; OFF_SCREEN is right for a voice with no face.
 * As in diarisation scoring, a collar around every truth onset and offset is left out of
 * accuracy and false alarms (a boundary is only known to a few hundred ms), but not out of
 * switch latency, which is measured from the onset itself.
 */
final class SpeakerScore {

    static final int STEP_MS = 10;
    static final String OFF = "off-screen";

    /** One speaker event as scored: state, box centre (or NaN) and session speaker id. */
    record Event(long startMs, long endMs, String state, double cx, double cy, String sessionId) {}

    /** The figures for one meeting or pooled over several. */
    record Figures(double speechS, double silenceS, double accuracy, double falseAlarm, int switches, int switchesMissed,
            double switchP50S, double switchP95S, double flicker, double purity, double idsPerSpeaker, double coverage) {}

    /** Counts that add up across meetings. */
    static final class Tally {
        long speech, correct, silence, alarms, covered, frames;
        int trueChanges, decidedChanges, missed;
        final List<Double> latencies = new ArrayList<>();
        final Map<String, Map<String, Long>> idTime = new HashMap<>();
        final java.util.Set<String> speakers = new java.util.HashSet<>();

        Figures figures() {
            List<Double> sorted = latencies.stream().sorted().toList();
            long pure = 0, labelled = 0;
            Map<String, Integer> idsPer = new HashMap<>();
            for (var e : idTime.entrySet()) {
                var majority = e.getValue().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
                pure += majority.getValue();
                labelled += e.getValue().values().stream().mapToLong(Long::longValue).sum();
                idsPer.merge(majority.getKey(), 1, Integer::sum);
            }
            double ids = speakers.isEmpty() ? Double.NaN
                    : speakers.stream().mapToInt(p -> idsPer.getOrDefault(p, 0)).average().orElse(Double.NaN);
            return new Figures(speech * STEP_MS / 1000.0, silence * STEP_MS / 1000.0, ratio(correct, speech), ratio(alarms, silence),
                    latencies.size(), missed, percentile(sorted, 0.5), percentile(sorted, 0.95),
                    trueChanges == 0 ? Double.NaN : (double) decidedChanges / trueChanges, ratio(pure, labelled), ids,
                    ratio(covered, frames));
        }
    }

    private SpeakerScore() {}

    /** Adds one meeting to {@code tally}. */
    static void score(Truth truth, List<Event> events, double collarS, Tally tally) {
        int n = (int) (truth.durationMs() / STEP_MS);
        String[] said = new String[n];
        boolean[] collar = new boolean[n];
        int collarSteps = (int) Math.round(collarS * 1000 / STEP_MS);
        for (Truth.Speech s : truth.speech()) {
            for (long t = s.startMs(); t < s.endMs(); t += STEP_MS) {
                if (t / STEP_MS < n) {
                    said[(int) (t / STEP_MS)] = s.person();
                }
            }
            for (long edge : new long[] {s.startMs(), s.endMs()}) {
                for (int i = (int) (edge / STEP_MS) - collarSteps; i < edge / STEP_MS + collarSteps; i++) {
                    if (i >= 0 && i < n) {
                        collar[i] = true;
                    }
                }
            }
        }
        String[] decided = new String[n];
        String[] session = new String[n];
        boolean[] covered = new boolean[n];
        for (Event e : events) {
            String who = switch (e.state()) {
                case "SPEAKING" -> personAt(truth, e.cx(), e.cy());
                case "OFF_SCREEN" -> OFF;
                default -> null;
            };
            for (long t = Math.max(0, e.startMs()); t < e.endMs() && t / STEP_MS < n; t += STEP_MS) {
                int i = (int) (t / STEP_MS);
                decided[i] = who;
                session[i] = who == null ? null : e.sessionId();
                covered[i] = true;
            }
        }
        for (int i = 0; i < n; i++) {
            tally.frames++;
            tally.covered += covered[i] ? 1 : 0;
            if (collar[i]) {
                continue;
            }
            if (said[i] == null) {
                tally.silence++;
                tally.alarms += decided[i] != null ? 1 : 0;
            } else {
                tally.speech++;
                String expected = truth.person(said[i]).onScreen() ? said[i] : OFF;
                tally.correct += expected.equals(decided[i]) ? 1 : 0;
                if (session[i] != null) {
                    tally.idTime.computeIfAbsent(truth.meeting() + "/" + session[i], k -> new HashMap<>())
                            .merge(truth.meeting() + "/" + said[i], 1L, Long::sum);
                }
                tally.speakers.add(truth.meeting() + "/" + said[i]);
            }
        }
        switches(truth, decided, n, tally);
        tally.trueChanges += changes(truth, said, true);
        tally.decidedChanges += changes(truth, decided, false);
    }

    /**
     * From each new speaker's onset (a speaker other than the one before) to the first moment
     * the decision names them, looked for until someone else starts; not found is a miss and
     * counts as that whole stretch.
     */
    private static void switches(Truth truth, String[] decided, int n, Tally tally) {
        List<Truth.Speech> spans = truth.speech().stream().sorted(java.util.Comparator.comparingLong(Truth.Speech::startMs)).toList();
        String previous = null;
        for (int k = 0; k < spans.size(); k++) {
            Truth.Speech s = spans.get(k);
            if (s.person().equals(previous)) {
                continue;
            }
            previous = s.person();
            long until = truth.durationMs();
            for (int m = k + 1; m < spans.size(); m++) {
                if (!spans.get(m).person().equals(s.person())) {
                    until = spans.get(m).startMs();
                    break;
                }
            }
            String expected = truth.person(s.person()).onScreen() ? s.person() : OFF;
            int from = (int) (s.startMs() / STEP_MS);
            int to = (int) Math.min(n, until / STEP_MS);
            int j = from;
            while (j < to && !expected.equals(decided[j])) {
                j++;
            }
            if (j == to) {
                tally.missed++;
            }
            tally.latencies.add((j - from) * STEP_MS / 1000.0);
        }
    }

    /** Changes of who speaks, silences skipped; truth persons count as the decision would name them. */
    private static int changes(Truth truth, String[] who, boolean isTruth) {
        int changes = 0;
        String last = null;
        for (String w : who) {
            if (w == null) {
                continue;
            }
            String name = isTruth && !truth.person(w).onScreen() ? OFF : w;
            if (last != null && !last.equals(name)) {
                changes++;
            }
            last = name;
        }
        return changes;
    }

    /** The person whose tile holds the point, or "elsewhere" when none does. */
    static String personAt(Truth truth, double x, double y) {
        for (Truth.Person p : truth.people()) {
            double[] b = p.box();
            if (b != null && x >= b[0] && x <= b[0] + b[2] && y >= b[1] && y <= b[1] + b[3]) {
                return p.id();
            }
        }
        return "elsewhere";
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    private static double percentile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
    }
}

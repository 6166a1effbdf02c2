package io.faalive.loadtest.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Scores names and mismatch alerts against a meeting's truth and the gallery it was analysed
 * with, on the same 10-ms grid as {@link SpeakerScore}. Speech is who the voice is
 * ({@link Truth.Person#voiceOf}): a dubbed face's speech belongs to the voice's person.
 *
 * <ul>
 *   <li>enrolled named right: of the speech of enrolled voices, the share whose event names them;</li>
 *   <li>strangers named: of the speech of voices not enrolled, the share whose event names anyone;</li>
 *   <li>alerts: for each dubbed face enrolled in the gallery, the dubbed speech (seconds) and the
 *       media time from its first onset until the first alert on its tile; alerts on any other
 *       tile are false alerts.</li>
 * </ul>
 */
final class IdentityScore {

    /** A named stretch of the events. */
    record Named(long startMs, long endMs, String personId) {}

    /** A mismatch alert as scored: when it was raised (its end) and the centre of the tile's box it names, if known. */
    record Alert(long atMs, double cx, double cy) {}

    record Figures(double enrolledSpeechS, double enrolledNamedRight, double strangerSpeechS, double strangersNamed,
            int dubbedFaces, int dubbedAlerted, double alertAfterSpeechS, double alertAfterOnsetS, int falseAlerts) {}

    /** Counts that add up across meetings. */
    static final class Tally {
        long enrolled, right, strangers, named;
        int dubbed, alerted, falseAlerts;
        final List<Double> afterSpeech = new ArrayList<>();
        final List<Double> afterOnset = new ArrayList<>();

        Figures figures() {
            return new Figures(enrolled * SpeakerScore.STEP_MS / 1000.0, ratio(right, enrolled), strangers * SpeakerScore.STEP_MS / 1000.0,
                    ratio(named, strangers), dubbed, alerted, max(afterSpeech), max(afterOnset), falseAlerts);
        }
    }

    private IdentityScore() {}

    /**
     * Adds one meeting to {@code tally}; {@code alertTiles} gives each alert's tile centre, taken from
     * the speaker events that showed its track.
     */
    static void score(Truth truth, Set<String> galleryIds, List<Named> named, List<Alert> alerts, Tally tally) {
        int n = (int) (truth.durationMs() / SpeakerScore.STEP_MS);
        String[] said = new String[n];
        for (Named e : named) {
            for (long t = e.startMs(); t < e.endMs(); t += SpeakerScore.STEP_MS) {
                int i = (int) (t / SpeakerScore.STEP_MS);
                if (i >= 0 && i < n) {
                    said[i] = e.personId();
                }
            }
        }
        for (Truth.Speech s : truth.speech()) {
            String voice = truth.person(s.person()).voiceOf();
            boolean enrolled = voice != null && galleryIds.contains(voice);
            for (long t = s.startMs(); t < s.endMs(); t += SpeakerScore.STEP_MS) {
                int i = (int) (t / SpeakerScore.STEP_MS);
                if (i < 0 || i >= n) {
                    continue;
                }
                if (enrolled) {
                    tally.enrolled++;
                    if (voice.equals(said[i])) {
                        tally.right++;
                    }
                } else {
                    tally.strangers++;
                    if (said[i] != null) {
                        tally.named++;
                    }
                }
            }
        }
        List<Alert> unexplained = new ArrayList<>(alerts);
        for (Truth.Person p : truth.people()) {
            boolean dubbedEnrolled = p.voicePersonId() != null && p.personId() != null && galleryIds.contains(p.personId());
            if (!dubbedEnrolled || !p.onScreen()) {
                continue;
            }
            tally.dubbed++;
            List<Alert> own = alerts.stream().filter(a -> inside(p.box(), a.cx(), a.cy())).toList();
            unexplained.removeAll(own);
            if (own.isEmpty()) {
                continue;
            }
            tally.alerted++;
            long at = own.stream().mapToLong(Alert::atMs).min().orElseThrow();
            long onset = truth.speech().stream().filter(s -> s.person().equals(p.id())).mapToLong(Truth.Speech::startMs).min().orElse(at);
            long spoken = truth.speech().stream().filter(s -> s.person().equals(p.id()) && s.startMs() < at)
                    .mapToLong(s -> Math.min(at, s.endMs()) - s.startMs()).sum();
            tally.afterSpeech.add(spoken / 1000.0);
            tally.afterOnset.add((at - onset) / 1000.0);
        }
        tally.falseAlerts += unexplained.size();
    }

    private static boolean inside(double[] box, double x, double y) {
        return box != null && x >= box[0] && x <= box[0] + box[2] && y >= box[1] && y <= box[1] + box[3];
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}

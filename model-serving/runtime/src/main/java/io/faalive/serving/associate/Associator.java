package io.faalive.serving.associate;

import io.faalive.serving.associate.SpeakerSpan.SpeakerState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who speaks, window by window, for one stream: voice first, face second. Each window decides
 * the span of one hop that ends {@code lookaheadMs} before the window's end, cut where the
 * VAD's speech starts and stops, so silences and changes land where they happen.
 *
 * <p>Why voice first: a 1.5-s x-vector tells two people apart far more reliably than any
 * per-window lip-sync cue tells which of three or four small faces moves with the audio. So
 * the window's voice picks the session speaker ({@link SessionSpeakers}: nearest voice at or
 * above {@code voiceJoin}, else a new speaker; at a speech onset freely, inside continuous
 * speech only with a {@code takeoverMargin} lead after {@code minHoldMs}, or, when the voice is
 * ambiguous, when another face clearly takes over the sync); every speech window
 * adds sync evidence for that speaker to each visible face ({@link BindingEvidence}); and the
 * speaker is shown on the face it is bound to by that accumulated evidence. Before a binding,
 * the face with the best evidence or sync so far stands in (low confidence); a voice bound to
 * no face in view is {@code OFF_SCREEN}. The whole state is a {@link State} of plain public fields.
 */
public final class Associator {

    private static final long OFF_SCREEN = -1;

    /** Everything the association keeps of one stream. */
    public static final class State {
        /** End of the last decided span (ms), -1 before the first. */
        public long decidedToMs = -1;
        /** End of the last speech decided (ms), -1 before any. */
        public long lastSpeechMs = -1;
        /** The session speaker of the current speech (-1 none) and since when. */
        public long speaker = -1;
        public long speakerSinceMs;
        /** Whether the previous window's span was left for this one to decide, and that span's speech. */
        public boolean deferred;
        public long[] deferredSpeech = new long[0];
        /** The track shown for the current speaker (-1: off screen). */
        public long holder = OFF_SCREEN;
        public SessionSpeakers.State speakers = new SessionSpeakers.State();
        public BindingEvidence.State evidence = new BindingEvidence.State();
        /** Current bindings: speaker to track. */
        public long[] boundSpeaker = new long[0];
        public long[] boundTrack = new long[0];
        /** When each track was last seen. */
        public long[] seenTrack = new long[0];
        public long[] seenMs = new long[0];

        public State() {}
    }

    /** What one window produced; {@code speakerChanged} when the speech's session speaker changed. */
    public record Result(List<SpeakerSpan> spans, List<Binding> bindings, boolean speakerChanged) {}

    private final AssociationSettings settings;
    private final State s;
    private final SessionSpeakers speakers;
    private final BindingEvidence evidence;
    private final Map<Long, Long> bound = new HashMap<>();
    private final Map<Long, Long> seen = new HashMap<>();
    /** How sure the current window's voice decision is, in [0, 1]. */
    private float voiceConfidence = 0.5f;

    public Associator(AssociationSettings settings, State state) {
        this.settings = settings;
        this.s = state;
        this.speakers = new SessionSpeakers(state.speakers);
        this.evidence = new BindingEvidence(state.evidence);
        for (int i = 0; i < state.boundSpeaker.length; i++) {
            bound.put(state.boundSpeaker[i], state.boundTrack[i]);
        }
        for (int i = 0; i < state.seenTrack.length; i++) {
            seen.put(state.seenTrack[i], state.seenMs[i]);
        }
    }

    /** The stream's state after the windows so far. */
    public State state() {
        s.boundSpeaker = bound.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        s.boundTrack = Arrays.stream(s.boundSpeaker).map(bound::get).toArray();
        s.seenTrack = seen.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        s.seenMs = Arrays.stream(s.seenTrack).map(seen::get).toArray();
        s.speakers = speakers.state();
        s.evidence = evidence.state();
        return s;
    }

    /** A session speaker's pooled voice (compare by cosine), null before it has one. */
    public float[] voiceOf(long speaker) {
        return speakers.voice(speaker);
    }

    /** Speech pooled in a session speaker's voice, ms. */
    public long voiceMs(long speaker) {
        return speakers.speechMs(speaker);
    }

    /** The track a session speaker is bound to, or -1. */
    public long boundTrack(long speaker) {
        Long track = bound.get(speaker);
        return track == null ? -1 : track;
    }

    /** Decides the span this window covers; windows must come in media order. */
    public Result accept(Observation window) {
        Observation w = new Observation(window.startMs(), window.endMs(), window.speech(), window.voice(),
                SpeakingScore.of(window.tracks()), window.speechSpans());
        long spanStart = s.decidedToMs < 0 ? w.startMs() : s.decidedToMs;
        long spanEnd = w.endMs() - settings.lookaheadMs();
        List<Binding> bindings = new ArrayList<>();
        if (spanEnd <= spanStart) {
            return new Result(List.of(), bindings, false);
        }
        for (Candidate c : w.tracks()) {
            seen.put(c.trackId(), w.endMs());
        }
        forgetTracks(w.endMs());
        long[] speech = union(s.deferredSpeech, clip(w.speechSpans(), spanStart, spanEnd));
        long speakerBefore = s.speaker;
        if (speech.length > 0) {
            boolean onset = s.lastSpeechMs < 0 || speech[0] - s.lastSpeechMs > settings.silenceHangoverMs();
            if (shouldDefer(w, onset)) {
                s.deferredSpeech = speech;
                s.decidedToMs = spanStart; // nothing decided yet, but the next window starts from here
                return new Result(List.of(), bindings, false);
            }
            decideSpeaker(w, onset, speech[0]);
            if (w.speech() && w.voice() != null) {
                evidence.add(s.speaker, w.tracks(), settings.minSync());
                rebind(bindings, spanEnd);
            }
            s.holder = holderFor(s.speaker, s.speaker == speakerBefore, w);
            s.lastSpeechMs = speech[speech.length - 1];
        }
        s.decidedToMs = spanEnd;
        s.deferredSpeech = new long[0];
        List<Candidate> scored = scored(w);
        return new Result(cut(speech, scored, spanStart, spanEnd), bindings,
                s.speaker != speakerBefore && speech.length > 0);
    }

    /**
     * Speech that starts while faces are in view but none reaches {@code minSync} is left, once,
     * to the next window: a window that begins before the onset dilutes the speaker's sync and
     * voice, and one more hop of evidence usually finds both. Costs one hop of latency there.
     */
    private boolean shouldDefer(Observation w, boolean onset) {
        boolean defer = !s.deferred && onset && w.tracks().length > 0
                && Arrays.stream(w.tracks()).noneMatch(c -> !Float.isNaN(c.sync()) && c.sync() >= settings.minSync());
        s.deferred = defer;
        return defer;
    }

    /** The session speaker of the span's speech, from the window's voice. */
    private void decideSpeaker(Observation w, boolean onset, long speechStartMs) {
        float[] voice = w.speech() ? w.voice() : null;
        boolean current = s.speaker >= 0 && speakers.known(s.speaker);
        if (voice == null) {
            // too little speech for a voice vector: the current speaker goes on, or an id to be backed later
            if (s.speaker < 0) {
                startSpeaker(speakers.reserve(), speechStartMs);
            }
            voiceConfidence = 0.25f;
            return;
        }
        long best = speakers.closest(voice, -1f, Set.of());
        double bestCos = best < 0 ? -1 : speakers.cosineTo(best, voice);
        long next = best < 0 ? -1 : speakers.closest(voice, -1f, Set.of(best));
        double nextCos = next < 0 ? 0 : speakers.cosineTo(next, voice);
        long chosen;
        if (onset || !current) {
            // no match: a new speaker, under the id already shown for this speech if no voice backs it yet
            chosen = bestCos >= settings.voiceJoin() ? best : s.speaker >= 0 && !current ? s.speaker : speakers.reserve();
        } else {
            double curCos = speakers.cosineTo(s.speaker, voice);
            boolean held = speechStartMs - s.speakerSinceMs >= settings.minHoldMs();
            if (held && best != s.speaker && bestCos >= settings.voiceJoin() && bestCos - curCos >= settings.takeoverMargin()) {
                chosen = best;
            } else if (held && bestCos < settings.voiceJoin() && curCos < settings.voiceJoin() - settings.takeoverMargin()) {
                chosen = speakers.reserve(); // a voice like nobody's so far, inside continuous speech
            } else {
                // the voice does not clearly say who it is (voices that sound alike, overlapping talk):
                // a face that clearly takes over the sync starts a turn, its own speaker's or a new one
                long face = held && curCos < settings.voiceJoin() + settings.takeoverMargin() ? faceTakeover(w) : -1;
                long owner = face >= 0 ? speakerBoundTo(face) : -1;
                chosen = face < 0 ? s.speaker : owner >= 0 ? owner : speakers.reserve();
            }
        }
        // only confident matches sharpen a centroid; a new speaker starts from this window
        if (!speakers.known(chosen) || speakers.cosineTo(chosen, voice) >= settings.voiceJoin()) {
            speakers.add(chosen, voice, settings.hopMs());
        }
        double chosenCos = speakers.cosineTo(chosen, voice);
        double rival = chosen == best ? nextCos : bestCos;
        voiceConfidence = (float) Math.max(0.05, Math.min(1, 0.5 + (chosenCos - rival)));
        if (chosen != s.speaker) {
            startSpeaker(chosen, speechStartMs);
        }
        long[] merged = speakers.mergeClosest(settings.voiceMerge());
        if (merged != null) {
            evidence.rename(merged[1], merged[0]);
            Long track = bound.remove(merged[1]);
            if (track != null) {
                bound.putIfAbsent(merged[0], track);
            }
            if (s.speaker == merged[1]) {
                s.speaker = merged[0];
            }
        }
    }

    /**
     * A visible face other than the one shown whose sync reaches {@code minSync} and leads the
     * shown face's by {@code faceTakeoverMargin}, or -1.
     */
    private long faceTakeover(Observation w) {
        if (s.holder < 0) {
            return -1; // off screen: a face that starts to sync is more likely this voice's own
        }
        float holderSync = Float.NaN;
        Candidate best = null;
        for (Candidate c : w.tracks()) {
            if (c.trackId() == s.holder) {
                holderSync = c.sync();
            } else if (!Float.isNaN(c.sync()) && (best == null || c.sync() > best.sync())) {
                best = c;
            }
        }
        boolean leads = best != null && best.sync() >= settings.minSync()
                && (Float.isNaN(holderSync) || best.sync() - holderSync >= settings.faceTakeoverMargin());
        return leads ? best.trackId() : -1;
    }

    private long speakerBoundTo(long track) {
        return bound.entrySet().stream().filter(e -> e.getValue() == track).mapToLong(Map.Entry::getKey).findFirst().orElse(-1);
    }

    private void startSpeaker(long speaker, long atMs) {
        s.speaker = speaker;
        s.speakerSinceMs = atMs;
    }

    /** Re-derives the one-to-one bindings from the evidence; reports the speakers whose face changed. */
    private void rebind(List<Binding> out, long atMs) {
        Map<Long, Long> now = evidence.assign(minBindingWindows(), settings.bindingT());
        for (Map.Entry<Long, Long> e : now.entrySet()) {
            Long before = bound.get(e.getKey());
            if (before == null || !before.equals(e.getValue())) {
                double t = evidence.t(e.getKey(), e.getValue());
                out.add(new Binding(atMs, e.getKey(), e.getValue(), before == null ? -1 : before,
                        evidence.windows(e.getKey(), e.getValue()) * settings.hopMs(), (float) (t / (t + settings.bindingT()))));
            }
        }
        bound.clear();
        bound.putAll(now);
    }

    /**
     * The face shown for {@code speaker}: its bound track when in view (off screen when bound to
     * a face not in view); unbound, the face already shown for the same speaker while the evidence
     * does not turn against it, else the free face with the best evidence for it so far, else the
     * window's best sync at or above {@code minSync}; else off screen.
     */
    private long holderFor(long speaker, boolean sameSpeaker, Observation w) {
        Long track = bound.get(speaker);
        if (track != null) {
            return visible(w, track) ? track : OFF_SCREEN;
        }
        if (sameSpeaker && s.holder >= 0 && visible(w, s.holder) && !bound.containsValue(s.holder)
                && evidence.t(speaker, s.holder) > -settings.bindingT()) {
            return s.holder;
        }
        long best = OFF_SCREEN;
        double bestT = 0;
        float bestSync = settings.minSync();
        long bySync = OFF_SCREEN;
        for (Candidate c : w.tracks()) {
            if (bound.containsValue(c.trackId())) {
                continue;
            }
            double t = evidence.t(speaker, c.trackId());
            if (t > bestT) {
                bestT = t;
                best = c.trackId();
            }
            if (!Float.isNaN(c.sync()) && c.sync() >= bestSync) {
                bestSync = c.sync();
                bySync = c.trackId();
            }
        }
        return best != OFF_SCREEN ? best : bySync;
    }

    private int minBindingWindows() {
        return (int) Math.max(2, (settings.minBindingMs() + settings.hopMs() - 1) / settings.hopMs());
    }

    private static boolean visible(Observation w, long track) {
        return Arrays.stream(w.tracks()).anyMatch(c -> c.trackId() == track);
    }

    /** Candidates by window sync, best first; the off-screen candidate (track -1) scores {@code minSync}. */
    private List<Candidate> scored(Observation w) {
        List<Candidate> out = new ArrayList<>(Arrays.asList(w.tracks()));
        out.add(new Candidate(OFF_SCREEN, settings.minSync(), 0, 0, 0, 0, 0));
        out.sort((a, b) -> Float.compare(Float.isNaN(b.sync()) ? Float.NEGATIVE_INFINITY : b.sync(),
                Float.isNaN(a.sync()) ? Float.NEGATIVE_INFINITY : a.sync()));
        return out;
    }

    /** The VAD's speech inside {@code [from, to)}: start and end pairs. */
    private static long[] clip(long[] spans, long from, long to) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i + 1 < spans.length; i += 2) {
            long a = Math.max(from, spans[i]);
            long b = Math.min(to, spans[i + 1]);
            if (b > a) {
                out.add(a);
                out.add(b);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** The union of two ordered lists of speech intervals (start and end pairs), ordered. */
    private static long[] union(long[] a, long[] b) {
        if (a.length == 0) {
            return b;
        }
        List<long[]> all = new ArrayList<>();
        for (long[] spans : new long[][] {a, b}) {
            for (int i = 0; i + 1 < spans.length; i += 2) {
                all.add(new long[] {spans[i], spans[i + 1]});
            }
        }
        all.sort((x, y) -> Long.compare(x[0], y[0]));
        List<Long> out = new ArrayList<>();
        for (long[] span : all) {
            int n = out.size();
            if (n > 0 && span[0] <= out.get(n - 1)) {
                out.set(n - 1, Math.max(out.get(n - 1), span[1]));
            } else {
                out.add(span[0]);
                out.add(span[1]);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** The span cut at the speech boundaries: speech gets the decision, the rest is silence. */
    private List<SpeakerSpan> cut(long[] speech, List<Candidate> scored, long from, long to) {
        List<SpeakerSpan> out = new ArrayList<>();
        Candidate[] candidates = scored.toArray(new Candidate[0]);
        long t = from;
        for (int i = 0; i + 1 < speech.length; i += 2) {
            if (speech[i] > t) {
                out.add(new SpeakerSpan(t, speech[i], SpeakerState.SILENCE, -1, null, -1, 1f, candidates));
            }
            out.add(speaking(speech[i], speech[i + 1], scored, candidates));
            t = speech[i + 1];
        }
        if (t < to) {
            out.add(new SpeakerSpan(t, to, SpeakerState.SILENCE, -1, null, -1, 1f, candidates));
        }
        return out;
    }

    private SpeakerSpan speaking(long from, long to, List<Candidate> scored, Candidate[] candidates) {
        Candidate holder = s.holder >= 0 ? scored.stream().filter(c -> c.trackId() == s.holder).findFirst().orElse(null) : null;
        if (holder == null) {
            return new SpeakerSpan(from, to, SpeakerState.OFF_SCREEN, -1, null, s.speaker, voiceConfidence, candidates);
        }
        double t = evidence.t(s.speaker, holder.trackId());
        // bound: as sure as the binding's evidence and the voice match; a stand-in face: at most a half
        float face = bound.containsKey(s.speaker) ? (float) (t / (t + settings.bindingT())) : 0.5f * (float) Math.max(0, Math.min(1, t / settings.bindingT()));
        return new SpeakerSpan(from, to, SpeakerState.SPEAKING, holder.trackId(), holder, s.speaker,
                Math.max(0.05f, face * voiceConfidence), candidates);
    }

    private void forgetTracks(long nowMs) {
        List<Long> gone = seen.entrySet().stream().filter(e -> nowMs - e.getValue() > settings.trackForgetMs())
                .map(Map.Entry::getKey).toList();
        for (Long track : gone) {
            seen.remove(track);
            evidence.forgetTrack(track);
            bound.values().removeIf(t -> t.equals(track));
        }
    }
}

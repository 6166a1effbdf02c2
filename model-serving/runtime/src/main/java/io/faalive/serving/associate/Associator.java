package io.faalive.serving.associate;

import io.faalive.serving.associate.SpeakerSpan.SpeakerState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who speaks, window by window, for one stream. Each window decides the span of one hop that
 * ends {@code lookaheadMs} before the window's end, and that span is cut where the VAD's
 * speech starts and stops, so silences and changes land where they happen, not on the hop grid.
 *
 * <p>The floor goes to the visible track with the best sync score (plus a bonus for the track
 * bound to the turn's voice), to "off screen" when no face reaches {@code minSync}, with
 * hysteresis: a challenger must lead by {@code takeoverMargin} after the holder has held
 * {@code minHoldMs} (a face taking over from "off screen" needs only reach {@code minSync}); a silence shorter than {@code silenceHangoverMs} keeps the turn. Each
 * turn pools its voice vectors; with enough speech the pool is matched to the session's
 * speakers ({@link SessionSpeakers}; never to a speaker bound to another face in view), which
 * gives the turn its session speaker id, and the
 * speech for which the holder was the clear sync winner accumulates as evidence binding that
 * speaker to the track. The whole state is a {@link State} of plain public fields.
 */
public final class Associator {

    private static final long OFF_SCREEN = -1;
    private static final long NOBODY = -2;

    /** Everything the association keeps of one stream. */
    public static final class State {
        /** End of the last decided span (ms), -1 before the first. */
        public long decidedToMs = -1;
        public long holder = NOBODY;
        public long holderSinceMs;
        public long lastSpeechMs = -1;
        /** Whether the previous window's span was left for this one to decide. */
        public boolean deferred;
        /** The deferred window's speech (start and end pairs), which the next window's span also covers. */
        public long[] deferredSpeech = new long[0];
        /** The current turn: its session speaker (or -1 while unresolved), reserved id, pooled voice. */
        public long turnSpeaker = -1;
        public long turnReservedId = -1;
        public float[] turnVoice;
        public long turnSpeechMs;
        public SessionSpeakers.State speakers = new SessionSpeakers.State();
        /** Binding evidence, one entry per (speaker, track) pair. */
        public long[] evidenceSpeaker = new long[0];
        public long[] evidenceTrack = new long[0];
        public long[] evidenceMs = new long[0];
        /** Current bindings: speaker to track. */
        public long[] boundSpeaker = new long[0];
        public long[] boundTrack = new long[0];
        /** The session speaker last credited on each track (-1: off screen), for turns too short to match by voice. */
        public long[] lastOnTrack = new long[0];
        public long[] lastOnTrackSpeaker = new long[0];
        /** When each track was last seen. */
        public long[] seenTrack = new long[0];
        public long[] seenMs = new long[0];

        public State() {}
    }

    /** What one window produced; {@code speakerChanged} when the floor changed hands (also after a turn-ending silence). */
    public record Result(List<SpeakerSpan> spans, List<Binding> bindings, boolean speakerChanged) {}

    private final AssociationSettings settings;
    private final State s;
    private final SessionSpeakers speakers;
    private final Map<Long, Map<Long, Long>> evidence = new HashMap<>();
    private final Map<Long, Long> bound = new HashMap<>();
    private final Map<Long, Long> seen = new HashMap<>();
    private final Map<Long, Long> lastOnTrack = new HashMap<>();

    public Associator(AssociationSettings settings, State state) {
        this.settings = settings;
        this.s = state;
        this.speakers = new SessionSpeakers(state.speakers);
        for (int i = 0; i < state.evidenceSpeaker.length; i++) {
            evidence.computeIfAbsent(state.evidenceSpeaker[i], k -> new HashMap<>()).put(state.evidenceTrack[i], state.evidenceMs[i]);
        }
        for (int i = 0; i < state.boundSpeaker.length; i++) {
            bound.put(state.boundSpeaker[i], state.boundTrack[i]);
        }
        for (int i = 0; i < state.seenTrack.length; i++) {
            seen.put(state.seenTrack[i], state.seenMs[i]);
        }
        for (int i = 0; i < state.lastOnTrack.length; i++) {
            lastOnTrack.put(state.lastOnTrack[i], state.lastOnTrackSpeaker[i]);
        }
    }

    /** The stream's state after the windows so far. */
    public State state() {
        List<long[]> rows = new ArrayList<>();
        evidence.forEach((speaker, tracks) -> tracks.forEach((track, ms) -> rows.add(new long[] {speaker, track, ms})));
        s.evidenceSpeaker = rows.stream().mapToLong(r -> r[0]).toArray();
        s.evidenceTrack = rows.stream().mapToLong(r -> r[1]).toArray();
        s.evidenceMs = rows.stream().mapToLong(r -> r[2]).toArray();
        s.boundSpeaker = bound.keySet().stream().mapToLong(Long::longValue).toArray();
        s.boundTrack = Arrays.stream(s.boundSpeaker).map(bound::get).toArray();
        s.seenTrack = seen.keySet().stream().mapToLong(Long::longValue).toArray();
        s.seenMs = Arrays.stream(s.seenTrack).map(seen::get).toArray();
        s.lastOnTrack = lastOnTrack.keySet().stream().mapToLong(Long::longValue).toArray();
        s.lastOnTrackSpeaker = Arrays.stream(s.lastOnTrack).map(lastOnTrack::get).toArray();
        s.speakers = speakers.state();
        return s;
    }

    /** Decides the span this window covers; windows must come in media order. */
    public Result accept(Observation w) {
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
        List<Candidate> scored = scores(w);
        if (shouldDefer(w, scored)) {
            s.decidedToMs = spanStart; // nothing decided yet, but the next window starts from here
            s.deferredSpeech = w.speechSpans().clone();
            return new Result(List.of(), bindings, false);
        }
        long holderBefore = s.holder;
        if (w.speech()) {
            decideHolder(scored, spanStart);
            poolVoice(w);
            collectEvidence(w, bindings, spanEnd);
            s.lastSpeechMs = spanEnd;
        } else if (s.lastSpeechMs >= 0 && spanEnd - s.lastSpeechMs > settings.silenceHangoverMs()) {
            endTurn();
            s.holder = NOBODY;
        }
        s.decidedToMs = spanEnd;
        return new Result(cut(w, scored, spanStart, spanEnd), bindings, s.holder != holderBefore && s.holder != NOBODY);
    }

    /**
     * A turn that would start off screen while faces are in view is left, once, to the next
     * window: a window that begins before the speech onset dilutes the speaker's sync, and
     * one more hop of evidence usually finds the face. Costs one hop of latency at such onsets.
     */
    private boolean shouldDefer(Observation w, List<Candidate> scored) {
        boolean defer = !s.deferred && w.speech() && s.holder == NOBODY && w.tracks().length > 0
                && scored.get(0).trackId() == OFF_SCREEN;
        s.deferred = defer;
        return defer;
    }

    /** Candidates with their decision scores; the off-screen candidate (track -1) scores {@code minSync}. */
    private List<Candidate> scores(Observation w) {
        List<Candidate> out = new ArrayList<>();
        Long boundTrack = s.turnSpeaker >= 0 ? bound.get(s.turnSpeaker) : null;
        for (Candidate c : w.tracks()) {
            float score = Float.isNaN(c.sync()) ? Float.NEGATIVE_INFINITY : c.sync();
            if (boundTrack != null && boundTrack == c.trackId()) {
                score += settings.bindingBonus();
            }
            out.add(new Candidate(c.trackId(), score, c.x(), c.y(), c.width(), c.height()));
        }
        out.add(new Candidate(OFF_SCREEN, settings.minSync(), 0, 0, 0, 0));
        out.sort((a, b) -> Float.compare(b.sync(), a.sync()));
        return out;
    }

    private void decideHolder(List<Candidate> scored, long spanStart) {
        Candidate best = scored.get(0);
        if (s.holder == NOBODY) {
            startTurn(best.trackId(), spanStart);
            return;
        }
        if (best.trackId() == s.holder) {
            return;
        }
        float holderScore = scored.stream().filter(c -> c.trackId() == s.holder).map(Candidate::sync).findFirst()
                .orElse(Float.NEGATIVE_INFINITY);
        boolean holderGone = holderScore == Float.NEGATIVE_INFINITY;
        boolean held = spanStart - s.holderSinceMs >= settings.minHoldMs();
        // off screen is the fallback, not a speaker to beat: a face that reaches minSync takes over at once
        float margin = s.holder == OFF_SCREEN ? 0f : settings.takeoverMargin();
        if (holderGone || (held && best.sync() > holderScore + margin)) {
            if (s.holder == OFF_SCREEN && best.trackId() >= 0) {
                // the voice found its face: same voice, same turn (pooled voice and session speaker kept)
                s.holder = best.trackId();
                s.holderSinceMs = spanStart;
                return;
            }
            endTurn();
            startTurn(best.trackId(), spanStart);
        }
    }

    private void startTurn(long holder, long atMs) {
        s.holder = holder;
        s.holderSinceMs = atMs;
        s.turnSpeaker = -1;
        s.turnReservedId = -1;
        s.turnVoice = null;
        s.turnSpeechMs = 0;
    }

    private void endTurn() {
        s.turnSpeaker = -1;
        s.turnReservedId = -1;
        s.turnVoice = null;
        s.turnSpeechMs = 0;
    }

    /** Adds the window's voice to the turn; resolves the turn's speaker once it has enough speech. */
    private void poolVoice(Observation w) {
        if (w.voice() == null) {
            return;
        }
        if (s.turnSpeaker >= 0) {
            speakers.add(s.turnSpeaker, w.voice(), settings.hopMs());
            return;
        }
        if (s.turnVoice == null) {
            s.turnVoice = w.voice().clone();
        } else {
            for (int i = 0; i < s.turnVoice.length; i++) {
                s.turnVoice[i] += w.voice()[i];
            }
        }
        s.turnSpeechMs += settings.hopMs();
        if (s.turnSpeechMs < settings.minTurnSpeechMs()) {
            return;
        }
        long prior = priorSpeaker();
        long speaker;
        if (prior >= 0 && speakers.known(prior) && speakers.cosineTo(prior, s.turnVoice) >= settings.voiceKeep()) {
            speaker = prior;
        } else {
            speaker = speakers.closest(s.turnVoice, settings.voiceJoin(), speakersOnOtherVisibleFaces(w));
            if (speaker < 0) {
                // a voice not heard before: the id its face already showed (if no voice backs it yet), else a new one
                speaker = prior >= 0 && !speakers.known(prior) ? prior : s.turnReservedId >= 0 ? s.turnReservedId : speakers.reserve();
            }
        }
        speakers.add(speaker, s.turnVoice, s.turnSpeechMs);
        s.turnSpeaker = speaker;
        s.turnVoice = null;
        long[] merged = speakers.mergeClosest(settings.voiceMerge());
        if (merged != null) {
            rename(merged[1], merged[0]);
        }
    }

    /** The speech of the turn's voice for which the holder was the clear sync winner binds them. */
    private void collectEvidence(Observation w, List<Binding> bindings, long atMs) {
        if (s.turnSpeaker < 0 || s.holder < 0) {
            return;
        }
        float holderSync = Float.NaN;
        float other = Float.NEGATIVE_INFINITY;
        for (Candidate c : w.tracks()) {
            if (c.trackId() == s.holder) {
                holderSync = c.sync();
            } else if (!Float.isNaN(c.sync())) {
                other = Math.max(other, c.sync());
            }
        }
        if (Float.isNaN(holderSync) || holderSync < settings.minSync() || holderSync - other < settings.clearMargin()) {
            return;
        }
        Map<Long, Long> tracks = evidence.computeIfAbsent(s.turnSpeaker, k -> new HashMap<>());
        tracks.merge(s.holder, settings.hopMs(), Long::sum);
        long total = tracks.values().stream().mapToLong(Long::longValue).sum();
        Map.Entry<Long, Long> top = tracks.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        Long previous = bound.get(s.turnSpeaker);
        if (top.getValue() >= settings.minBindingMs() && (previous == null || previous.longValue() != top.getKey())) {
            bound.put(s.turnSpeaker, top.getKey());
            bindings.add(new Binding(atMs, s.turnSpeaker, top.getKey(), previous == null ? -1 : previous, top.getValue(),
                    top.getValue() / (float) total));
        }
    }

    /** The span cut at the VAD's speech boundaries: speech gets the decision, the rest is silence. */
    private List<SpeakerSpan> cut(Observation w, List<Candidate> scored, long from, long to) {
        List<SpeakerSpan> out = new ArrayList<>();
        Candidate[] candidates = scored.toArray(new Candidate[0]);
        long t = from;
        long[] spans = union(s.deferredSpeech, w.speechSpans());
        s.deferredSpeech = new long[0];
        for (int i = 0; i + 1 < spans.length; i += 2) {
            long a = Math.max(from, spans[i]);
            long b = Math.min(to, spans[i + 1]);
            if (b <= a) {
                continue;
            }
            if (a > t) {
                out.add(silence(t, a, candidates));
            }
            out.add(speaking(a, b, scored, candidates));
            t = b;
        }
        if (t < to) {
            out.add(silence(t, to, candidates));
        }
        return out;
    }

    /** The union of two ordered lists of speech intervals, ordered. */
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

    private SpeakerSpan silence(long from, long to, Candidate[] candidates) {
        return new SpeakerSpan(from, to, SpeakerState.SILENCE, -1, null, -1, 1f, candidates);
    }

    private SpeakerSpan speaking(long from, long to, List<Candidate> scored, Candidate[] candidates) {
        long speaker = s.turnSpeaker >= 0 ? s.turnSpeaker : priorSpeaker();
        if (speaker < 0) {
            if (s.turnReservedId < 0) {
                s.turnReservedId = speakers.reserve();
            }
            speaker = s.turnReservedId;
        }
        lastOnTrack.put(s.holder >= 0 ? s.holder : OFF_SCREEN, speaker);
        Candidate holder = s.holder >= 0 ? scored.stream().filter(c -> c.trackId() == s.holder).findFirst().orElse(null) : null;
        float holderScore = holder == null ? settings.minSync() : holder.sync();
        float runnerUp = scored.stream().filter(c -> c.trackId() != (holder == null ? OFF_SCREEN : s.holder))
                .map(Candidate::sync).filter(x -> x != Float.NEGATIVE_INFINITY).findFirst().orElse(0f);
        float confidence = Math.max(0f, Math.min(1f, 0.5f + (holderScore - runnerUp)));
        if (holder == null) {
            return new SpeakerSpan(from, to, SpeakerState.OFF_SCREEN, -1, null, speaker, confidence, candidates);
        }
        return new SpeakerSpan(from, to, SpeakerState.SPEAKING, holder.trackId(), holder, speaker, confidence, candidates);
    }

    /**
     * Speakers bound to a face visible in the window other than the holder: one person has one
     * face, so a voice heard from another face (or from off screen) is not theirs.
     */
    private Set<Long> speakersOnOtherVisibleFaces(Observation w) {
        Set<Long> out = new HashSet<>();
        for (Candidate c : w.tracks()) {
            if (c.trackId() != s.holder) {
                long speaker = speakerBoundTo(c.trackId());
                if (speaker >= 0) {
                    out.add(speaker);
                }
            }
        }
        return out;
    }

    /** Who the holder's face most likely is before the turn's voice says: its bound speaker, else the last one credited on it. */
    private long priorSpeaker() {
        long bound = speakerBoundTo(s.holder);
        if (bound >= 0) {
            return bound;
        }
        Long last = lastOnTrack.get(s.holder >= 0 ? s.holder : OFF_SCREEN);
        return last == null ? -1 : last;
    }

    private long speakerBoundTo(long track) {
        for (Map.Entry<Long, Long> e : bound.entrySet()) {
            if (e.getValue() == track) {
                return e.getKey();
            }
        }
        return -1;
    }

    /** Speaker {@code from} was merged into {@code to}: its evidence and binding follow. */
    private void rename(long from, long to) {
        Map<Long, Long> moved = evidence.remove(from);
        if (moved != null) {
            Map<Long, Long> into = evidence.computeIfAbsent(to, k -> new HashMap<>());
            moved.forEach((track, ms) -> into.merge(track, ms, Long::sum));
        }
        Long track = bound.remove(from);
        if (track != null) {
            bound.putIfAbsent(to, track);
        }
        if (s.turnSpeaker == from) {
            s.turnSpeaker = to;
        }
        lastOnTrack.replaceAll((t, speaker) -> speaker == from ? to : speaker);
    }

    private void forgetTracks(long nowMs) {
        List<Long> gone = seen.entrySet().stream().filter(e -> nowMs - e.getValue() > settings.trackForgetMs())
                .map(Map.Entry::getKey).toList();
        for (Long track : gone) {
            seen.remove(track);
            lastOnTrack.remove(track);
            evidence.values().forEach(m -> m.remove(track));
            bound.values().removeIf(t -> t.equals(track));
        }
        evidence.values().removeIf(Map::isEmpty);
    }
}

package io.faalive.serving.identify;

import io.faalive.serving.audio.VoiceVectors;
import java.util.Arrays;

/**
 * Names session speakers from the enrolled gallery and watches for voices that do not fit their
 * face, for one stream.
 *
 * <p>Naming: a session speaker is who it sounds like. Its pooled voice (once it holds
 * {@code minVoiceMs} of speech) is matched against the enrolled voices; a match at or above
 * {@code voiceAccept}, ahead of the next person by {@code margin}, names it. Without such a
 * match, the face the speaker is shown on names it when that face matches an enrolled face (a face
 * that only stands in for a speaker not bound yet, once the voice has been heard long enough to
 * speak for or against it), unless
 * the voice speaks against it (below {@code voiceReject} to that person's enrolled voice, or
 * closer to someone else's by {@code margin}). The
 * voice comes first because the session speaker is a voice: a face only stands for it through a
 * binding, which can be wrong; and a voice names a speaker off screen too.
 *
 * <p>Mismatch: a speaker bound to a face that matches enrolled person P whose pooled voice does
 * not fit P (below {@code voiceReject} to P's enrolled voice, or clearly someone else's) for
 * {@code mismatchMs} of speech raises one alert for that episode. A stretch of speech that does
 * fit P ends the episode; a later misfit starts a new one.
 */
public final class SpeakerIdentities {

    /** Open mismatch episodes: parallel arrays, one entry per (speaker, track). */
    public static final class State {
        public long[] speaker = new long[0];
        public long[] track = new long[0];
        public long[] sinceMs = new long[0];
        public long[] misfitMs = new long[0];
        public boolean[] alerted = new boolean[0];

        public State() {}
    }

    /** A voice that does not fit the face it is shown on, over {@code [startMs, endMs)}. */
    public record Mismatch(long startMs, long endMs, long sessionSpeakerId, long trackId, String personId,
            String voicePersonId, float score, float threshold, long evidenceMs) {}

    private final IdentitySettings settings;
    private final State s;

    public SpeakerIdentities(IdentitySettings settings, State state) {
        this.settings = settings;
        this.s = state;
    }

    public State state() {
        return s;
    }

    /**
     * Who a speaker is, or null for nobody enrolled.
     *
     * @param voice the speaker's pooled voice (null when not known yet)
     * @param voiceMs speech pooled in it
     * @param face the face vector of the track the speaker is shown on (null off screen or not known yet)
     * @param bound whether the speaker is bound to that track (else the face only stands in for it)
     */
    public Identity name(Gallery gallery, float[] voice, long voiceMs, float[] face, boolean bound) {
        if (gallery.isEmpty()) {
            return null;
        }
        float[] heard = voiceMs >= settings.minVoiceMs() ? voice : null;
        Gallery.Match byVoice = accepted(gallery.closestVoice(heard), settings.voiceAccept());
        Gallery.Match byFace = accepted(gallery.closestFace(face), settings.faceAccept());
        if (byVoice != null) {
            EnrolledPerson p = byVoice.person();
            boolean faceAgrees = byFace != null && byFace.person().personId().equals(p.personId());
            return new Identity(p.personId(), p.displayName(), (float) byVoice.cosine(),
                    faceAgrees ? Identity.Basis.VOICE_AND_FACE : Identity.Basis.VOICE);
        }
        if (byFace != null && (bound || heard != null)) {
            EnrolledPerson p = byFace.person();
            return voiceAgainst(gallery, heard, p) ? null : new Identity(p.personId(), p.displayName(), (float) byFace.cosine(), Identity.Basis.FACE);
        }
        return null;
    }

    /**
     * Whether a voice speaks against being {@code p}'s: below {@code voiceReject} to p's enrolled
     * voice, or closer to another enrolled voice by {@code margin}.
     */
    private boolean voiceAgainst(Gallery gallery, float[] voice, EnrolledPerson p) {
        if (voice == null || p.voice() == null || p.voice().length != voice.length) {
            return false;
        }
        double fit = VoiceVectors.cosine(voice, p.voice());
        Gallery.Match closest = gallery.closestVoice(voice);
        return fit < settings.voiceReject()
                || closest != null && !closest.person().personId().equals(p.personId()) && closest.cosine() - fit >= settings.margin();
    }

    /**
     * Adds {@code speechMs} of a speaker's speech shown on {@code track} (bound to it) and returns
     * the alert when this speech completes a mismatch episode, else null.
     */
    public Mismatch observe(Gallery gallery, long speaker, float[] voice, long voiceMs, long track, float[] face,
            long startMs, long endMs, long speechMs) {
        Gallery.Match byFace = accepted(gallery.closestFace(face), settings.faceAccept());
        if (byFace == null || byFace.person().voice() == null || voice == null || voiceMs < settings.minVoiceMs()
                || byFace.person().voice().length != voice.length) {
            return null;
        }
        EnrolledPerson shown = byFace.person();
        double fit = VoiceVectors.cosine(voice, shown.voice());
        Gallery.Match byVoice = accepted(gallery.closestVoice(voice), settings.voiceAccept());
        String other = byVoice != null && !byVoice.person().personId().equals(shown.personId()) ? byVoice.person().personId() : null;
        int i = index(speaker, track);
        if (fit >= settings.voiceAccept()) {
            if (i >= 0) {
                remove(i); // the voice fits: any episode is over
            }
            return null;
        }
        if (fit >= settings.voiceReject() && other == null) {
            return null; // undecided: neither fits nor misfits
        }
        if (i < 0) {
            i = add(speaker, track, startMs);
        }
        s.misfitMs[i] += speechMs;
        if (s.alerted[i] || s.misfitMs[i] < settings.mismatchMs()) {
            return null;
        }
        s.alerted[i] = true;
        return new Mismatch(s.sinceMs[i], endMs, speaker, track, shown.personId(), other, (float) fit, settings.voiceReject(),
                s.misfitMs[i]);
    }

    /** Forgets the episodes of a track that is gone. */
    public void forgetTrack(long track) {
        for (int i = s.track.length - 1; i >= 0; i--) {
            if (s.track[i] == track) {
                remove(i);
            }
        }
    }

    private Gallery.Match accepted(Gallery.Match m, float threshold) {
        return m != null && m.cosine() >= threshold && m.margin() >= settings.margin() ? m : null;
    }

    private int index(long speaker, long track) {
        for (int i = 0; i < s.speaker.length; i++) {
            if (s.speaker[i] == speaker && s.track[i] == track) {
                return i;
            }
        }
        return -1;
    }

    private int add(long speaker, long track, long sinceMs) {
        int n = s.speaker.length;
        s.speaker = Arrays.copyOf(s.speaker, n + 1);
        s.track = Arrays.copyOf(s.track, n + 1);
        s.sinceMs = Arrays.copyOf(s.sinceMs, n + 1);
        s.misfitMs = Arrays.copyOf(s.misfitMs, n + 1);
        s.alerted = Arrays.copyOf(s.alerted, n + 1);
        s.speaker[n] = speaker;
        s.track[n] = track;
        s.sinceMs[n] = sinceMs;
        return n;
    }

    private void remove(int i) {
        s.speaker = cut(s.speaker, i);
        s.track = cut(s.track, i);
        s.sinceMs = cut(s.sinceMs, i);
        s.misfitMs = cut(s.misfitMs, i);
        boolean[] a = new boolean[s.alerted.length - 1];
        for (int k = 0, o = 0; k < s.alerted.length; k++) {
            if (k != i) {
                a[o++] = s.alerted[k];
            }
        }
        s.alerted = a;
    }

    private static long[] cut(long[] a, int i) {
        long[] out = new long[a.length - 1];
        System.arraycopy(a, 0, out, 0, i);
        System.arraycopy(a, i + 1, out, i, a.length - i - 1);
        return out;
    }
}

package io.faalive.loadtest;

import io.faalive.schemas.AssociationEvent;
import io.faalive.schemas.Box;
import io.faalive.schemas.HarvestedSample;
import io.faalive.schemas.MismatchAlert;
import io.faalive.schemas.PerceptionWindow;
import io.faalive.schemas.SpeakerEvent;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.generic.GenericData;

/**
 * The JSON objects {@code bin/faa analyze} writes, one per line, each with a {@code type}:
 * {@code speaker} (startMs, endMs, state, trackId, box [x, y, w, h] or null, sessionSpeakerId,
 * personId, displayName, personScore, confidence, faaScore, modelVersion, candidates), {@code mismatch}, {@code association} (atMs, sessionSpeakerId, trackId,
 * previousTrackId, confidence, evidenceSeconds) and {@code window} (the PerceptionWindow with
 * its fields as Avro writes them). Times are media times: ms from the file's start in analyze.
 */
public final class EventJson {

    private static final Pattern START = Pattern.compile("\"(?:startMs|atMs|windowStartTsMs)\": ?(-?\\d+)");

    private EventJson() {}

    public static String speaker(SpeakerEvent e) {
        Box b = e.getBox();
        StringBuilder candidates = new StringBuilder("[");
        for (var c : e.getCandidates()) {
            if (candidates.length() > 1) {
                candidates.append(", ");
            }
            // JSON has no NaN: a score the cue could not give is null
            candidates.append(String.format(Locale.ROOT, "{\"trackId\": %s, \"score\": %s}", c.getTrackId() == null ? "null" : c.getTrackId(),
                    Float.isNaN(c.getScore()) ? "null" : String.format(Locale.ROOT, "%.3f", c.getScore())));
        }
        candidates.append(']');
        return String.format(Locale.ROOT, "{\"type\": \"speaker\", \"streamId\": %s, \"startMs\": %d, \"endMs\": %d, "
                        + "\"state\": \"%s\", \"trackId\": %s, \"box\": %s, \"sessionSpeakerId\": %s, \"personId\": %s, "
                        + "\"displayName\": %s, \"personScore\": %s, \"confidence\": %.3f, \"faaScore\": %s, \"modelVersion\": %s, "
                        + "\"candidates\": %s}",
                quote(e.getStreamId()), e.getStartTsMs(), e.getEndTsMs(), e.getState(), e.getTrackId() == null ? "null" : e.getTrackId(),
                b == null ? "null" : String.format(Locale.ROOT, "[%.4f, %.4f, %.4f, %.4f]", b.getX(), b.getY(), b.getWidth(), b.getHeight()),
                e.getSessionSpeakerId() == null ? "null" : quote(e.getSessionSpeakerId()),
                e.getPersonId() == null ? "null" : quote(e.getPersonId()), e.getDisplayName() == null ? "null" : quote(e.getDisplayName()),
                e.getPersonScore() == null ? "null" : String.format(Locale.ROOT, "%.3f", e.getPersonScore()), e.getConfidence(),
                e.getFaaScore() == null ? "null" : String.format(Locale.ROOT, "%.3f", e.getFaaScore()), quote(e.getModelVersion()), candidates);
    }

    public static String association(AssociationEvent a) {
        return String.format(Locale.ROOT, "{\"type\": \"association\", \"streamId\": %s, \"atMs\": %d, \"sessionSpeakerId\": %s, "
                        + "\"trackId\": %s, \"previousTrackId\": %s, \"confidence\": %.3f, \"evidenceSeconds\": %.2f}",
                quote(a.getStreamId()), a.getStartTsMs(), quote(a.getVoiceId()), a.getTrackId(),
                a.getPreviousTrackId() == null ? "null" : a.getPreviousTrackId(), a.getScore(),
                a.getEvidenceSeconds() == null ? 0f : a.getEvidenceSeconds());
    }

    public static String mismatch(MismatchAlert m) {
        return String.format(Locale.ROOT, "{\"type\": \"mismatch\", \"streamId\": %s, \"startMs\": %d, \"endMs\": %d, "
                        + "\"trackId\": %s, \"sessionSpeakerId\": %s, \"personId\": %s, \"voicePersonId\": %s, \"score\": %.3f, "
                        + "\"threshold\": %.3f, \"evidenceSeconds\": %.2f, \"severity\": \"%s\", \"reason\": %s}",
                quote(m.getStreamId()), m.getStartTsMs(), m.getEndTsMs(), m.getTrackId(), quote(m.getVoiceId()),
                m.getPersonId() == null ? "null" : quote(m.getPersonId()), m.getVoicePersonId() == null ? "null" : quote(m.getVoicePersonId()),
                m.getScore(), m.getThreshold(), m.getEvidenceMs() / 1000.0, m.getSeverity(), quote(m.getReason()));
    }

    /**
     * A harvested sample as plain JSON (what {@code bin/faa train --samples} reads): startMs and
     * endMs, the mean sync, the encoders, and the face and voice vectors, one pair per window.
     */
    public static String sample(HarvestedSample h) {
        com.google.gson.JsonObject o = new com.google.gson.JsonObject();
        o.addProperty("type", "sample");
        o.addProperty("sampleId", h.getSampleId().toString());
        o.addProperty("streamId", h.getStreamId().toString());
        o.addProperty("trackId", h.getTrackId().toString());
        o.addProperty("startMs", h.getStartTsMs());
        o.addProperty("endMs", h.getEndTsMs());
        o.addProperty("syncScore", h.getSyncScore());
        o.addProperty("faceEncoderId", h.getFaceEncoderId().toString());
        o.addProperty("voiceEncoderId", h.getVoiceEncoderId().toString());
        o.add("faceVectors", rows(h.getFaceVectors()));
        o.add("voiceVectors", rows(h.getVoiceVectors()));
        return o.toString();
    }

    private static com.google.gson.JsonArray rows(java.util.List<java.util.List<Float>> vectors) {
        com.google.gson.JsonArray out = new com.google.gson.JsonArray();
        for (java.util.List<Float> v : vectors) {
            com.google.gson.JsonArray row = new com.google.gson.JsonArray(v.size());
            v.forEach(row::add);
            out.add(row);
        }
        return out;
    }

    public static String window(PerceptionWindow w) {
        return "{\"type\": \"window\", " + GenericData.get().toString(w).substring(1);
    }

    /** The media time an object starts at, for ordering the lines. */
    public static long startMs(String json) {
        Matcher m = START.matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static String quote(CharSequence s) {
        return "\"" + s.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

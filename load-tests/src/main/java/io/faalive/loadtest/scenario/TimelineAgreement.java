package io.faalive.loadtest.scenario;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.faalive.schemas.SpeakerEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * How much of the media timeline two runs over the same input agree on: the share of the time
 * both cover in which their speaker events say the same thing (state, face track and session
 * speaker). Compares the live job with {@code analyze}, or a run with a failure with a clean one.
 */
public final class TimelineAgreement {

    private TimelineAgreement() {}

    /** One speaker event reduced to what a consumer acts on; times in ms from the stream's start. */
    public record Span(long startMs, long endMs, String state, String trackId, String speaker) {

        boolean says(Span other) {
            return state.equals(other.state) && Objects.equals(trackId, other.trackId) && Objects.equals(speaker, other.speaker);
        }
    }

    /** @param agreement agreedMs / comparedMs (NaN when the runs share no time) */
    public record Result(double agreement, long comparedMs, long agreedMs) {}

    public static Result of(List<Span> a, List<Span> b) {
        List<Span> x = sorted(a);
        List<Span> y = sorted(b);
        long compared = 0;
        long agreed = 0;
        int i = 0;
        int j = 0;
        while (i < x.size() && j < y.size()) {
            Span p = x.get(i);
            Span q = y.get(j);
            long from = Math.max(p.startMs(), q.startMs());
            long to = Math.min(p.endMs(), q.endMs());
            if (to > from) {
                compared += to - from;
                agreed += p.says(q) ? to - from : 0;
            }
            if (p.endMs() <= q.endMs()) {
                i++;
            } else {
                j++;
            }
        }
        return new Result(compared == 0 ? Double.NaN : agreed / (double) compared, compared, agreed);
    }

    /** The speaker events of {@code bin/faa analyze} output (other lines are skipped). */
    public static List<Span> fromJsonLines(Path file) throws IOException {
        List<Span> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            if (o.get("type").getAsString().equals("speaker")) {
                out.add(new Span(o.get("startMs").getAsLong(), o.get("endMs").getAsLong(), o.get("state").getAsString(),
                        text(o.get("trackId")), text(o.get("sessionSpeakerId"))));
            }
        }
        return out;
    }

    /** Live events of one stream, with times from {@code originMs} (the media time of the stream's start). */
    public static List<Span> fromEvents(List<SpeakerEvent> events, long originMs) {
        return events.stream().map(e -> new Span(e.getStartTsMs() - originMs, e.getEndTsMs() - originMs, e.getState().toString(),
                e.getTrackId() == null ? null : e.getTrackId().toString(),
                e.getSessionSpeakerId() == null ? null : e.getSessionSpeakerId().toString())).toList();
    }

    private static String text(JsonElement e) {
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    private static List<Span> sorted(List<Span> spans) {
        return spans.stream().sorted(Comparator.comparingLong(Span::startMs)).toList();
    }
}

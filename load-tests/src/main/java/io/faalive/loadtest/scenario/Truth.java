package io.faalive.loadtest.scenario;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The ground truth written beside a composed meeting ({@code NAME.truth.json}): the people in
 * it, where each face is shown ({@code box}: x, y, w, h as shares of the frame; null for a
 * voice with no face on screen), and every span of speech, from onset to offset. Time between
 * spans is silence, also inside a turn.
 */
public record Truth(String meeting, String media, long durationMs, int width, int height, long seed, Double snrDb,
        List<Person> people, List<Speech> speech, List<TurnSpan> turns) {

    /**
     * Someone in the meeting; {@code role} is speaker, listener (never speaks) or off-screen (a voice
     * only). {@code personId} names who the face is (and the voice, unless {@code voicePersonId}
     * names someone else: a dubbed face); both null in meetings made without identities.
     */
    public record Person(String id, String source, String role, double[] box, String personId, String voicePersonId) {

        public Person(String id, String source, String role, double[] box) {
            this(id, source, role, box, null, null);
        }

        /** Who the voice is: {@code voicePersonId} when dubbed, else {@code personId}. */
        public String voiceOf() {
            return voicePersonId != null ? voicePersonId : personId;
        }

        public boolean onScreen() {
            return box != null;
        }
    }

    /** {@code person} speaks from {@code startMs} to {@code endMs}. */
    public record Speech(String person, long startMs, long endMs) {}

    /** A turn as planned: which clip span was played where (speech inside it is in {@link #speech}). */
    public record TurnSpan(String person, long startMs, long endMs, long sourceStartMs) {}

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

    public Person person(String id) {
        return people.stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("truth names no person " + id));
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, GSON.toJson(this) + "\n");
    }

    public static Truth read(Path file) throws IOException {
        Truth t;
        try {
            t = GSON.fromJson(Files.readString(file), Truth.class);
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a truth file (" + e.getMessage() + ")");
        }
        if (t == null || t.people() == null || t.speech() == null || t.durationMs() <= 0) {
            throw new IOException(file + " is not a truth file: it needs durationMs, people and speech");
        }
        return t;
    }
}

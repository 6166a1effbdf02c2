package io.faalive.loadtest.scenario;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.faalive.loadtest.cli.FaaCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code bin/faa score --truth T --events E}: how well speaker events (the JSON lines
 * {@code bin/faa analyze} writes) match a composed meeting's truth. Several pairs pool their
 * time; each meeting is also shown on its own.
 */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Scores speaker events against a meeting's truth: accuracy over speech time, false alarms over "
                + "silence, switch latency from each new speaker's onset, flicker (decision changes per true change), "
                + "session-speaker purity and session ids per true speaker. Give --truth and --events in pairs.")
public final class ScoreCommand implements Callable<Integer> {

    @Option(names = "--truth", required = true, paramLabel = "T", description = "A NAME.truth.json from bin/faa scenario.")
    List<Path> truths = new ArrayList<>();

    @Option(names = "--events", required = true, paramLabel = "E", description = "The JSON lines of bin/faa analyze on that meeting.")
    List<Path> events = new ArrayList<>();

    @Option(names = "--collar", defaultValue = "0.25", paramLabel = "S",
            description = "Seconds around each truth onset and offset left out of accuracy and false alarms (default 0.25).")
    double collar;

    @Option(names = "--gallery", paramLabel = "FILE",
            description = "The gallery the events were made with (bin/faa enroll --out): also scores names and mismatch alerts.")
    Path gallery;

    @Option(names = "--json", paramLabel = "OUT", description = "Also write the figures as JSON.")
    Path json;

    private final PrintWriter out;
    private final PrintWriter err;

    public ScoreCommand(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the command line as {@code bin/faa score} does; the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return FaaCli.run(Stream.concat(Stream.of("score"), Arrays.stream(args)).toArray(String[]::new), out, err);
    }

    @Override
    public Integer call() throws IOException {
        if (truths.size() != events.size()) {
            err.println("score: give --truth and --events in pairs (" + truths.size() + " truths, " + events.size() + " event files)");
            return 2;
        }
        if (collar < 0) {
            err.println("score: --collar must not be negative");
            return 2;
        }
        java.util.Set<String> enrolled = gallery == null ? null : io.faalive.job.associate.GalleryFile.read(gallery).keySet();
        if (enrolled != null && enrolled.isEmpty()) {
            err.println("score: the gallery " + gallery + " holds nobody");
            return 2;
        }
        Map<String, SpeakerScore.Figures> figures = new LinkedHashMap<>();
        Map<String, IdentityScore.Figures> identities = new LinkedHashMap<>();
        SpeakerScore.Tally pooled = new SpeakerScore.Tally();
        IdentityScore.Tally pooledNames = new IdentityScore.Tally();
        for (int i = 0; i < truths.size(); i++) {
            Truth truth = Truth.read(truths.get(i));
            List<SpeakerScore.Event> e = readEvents(events.get(i));
            SpeakerScore.Tally one = new SpeakerScore.Tally();
            SpeakerScore.score(truth, e, collar, one);
            SpeakerScore.score(truth, e, collar, pooled);
            figures.put(truth.meeting(), one.figures());
            if (enrolled != null) {
                IdentityScore.Tally names = new IdentityScore.Tally();
                List<IdentityScore.Named> named = readNames(events.get(i));
                List<IdentityScore.Alert> alerts = readAlerts(events.get(i));
                IdentityScore.score(truth, enrolled, named, alerts, names);
                IdentityScore.score(truth, enrolled, named, alerts, pooledNames);
                identities.put(truth.meeting(), names.figures());
            }
        }
        if (truths.size() > 1) {
            figures.put("all", pooled.figures());
            if (enrolled != null) {
                identities.put("all", pooledNames.figures());
            }
        }
        out.println("| meeting | speech s | accuracy | false alarms | switches (missed) | switch p50 s | switch p95 s | flicker | purity | ids/speaker | covered |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        figures.forEach((name, f) -> out.printf(Locale.ROOT, "| %s | %.1f | %.1f%% | %.1f%% | %d (%d) | %.2f | %.2f | %.2f | %.1f%% | %.2f | %.1f%% |%n",
                name, f.speechS(), 100 * f.accuracy(), 100 * f.falseAlarm(), f.switches(), f.switchesMissed(), f.switchP50S(),
                f.switchP95S(), f.flicker(), 100 * f.purity(), f.idsPerSpeaker(), 100 * f.coverage()));
        if (enrolled != null) {
            out.println();
            out.println("| meeting | enrolled speech s | named right | stranger speech s | strangers named | dubbed faces (alerted) | alert after dubbed speech s | alert after onset s | false alerts |");
            out.println("|---|---|---|---|---|---|---|---|---|");
            identities.forEach((name, f) -> out.printf(Locale.ROOT, "| %s | %.1f | %.1f%% | %.1f | %.1f%% | %d (%d) | %.1f | %.1f | %d |%n",
                    name, f.enrolledSpeechS(), 100 * f.enrolledNamedRight(), f.strangerSpeechS(), 100 * f.strangersNamed(),
                    f.dubbedFaces(), f.dubbedAlerted(), f.alertAfterSpeechS(), f.alertAfterOnsetS(), f.falseAlerts()));
        }
        if (json != null) {
            Gson gson = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("collarS", collar);
            all.put("meetings", figures);
            if (enrolled != null) {
                all.put("identities", identities);
            }
            Files.writeString(json, gson.toJson(all) + "\n");
        }
        return 0;
    }

    /** The named speaker objects of a JSON-lines file. */
    static List<IdentityScore.Named> readNames(Path file) throws IOException {
        List<IdentityScore.Named> out = new ArrayList<>();
        for (JsonObject o : objects(file, "speaker")) {
            JsonElement person = o.get("personId");
            if (person != null && !person.isJsonNull()) {
                out.add(new IdentityScore.Named(o.get("startMs").getAsLong(), o.get("endMs").getAsLong(), person.getAsString()));
            }
        }
        return out;
    }

    /** The mismatch objects of a JSON-lines file, placed at the box of their track in the speaker objects. */
    static List<IdentityScore.Alert> readAlerts(Path file) throws IOException {
        Map<String, double[]> centres = new java.util.HashMap<>();
        for (JsonObject o : objects(file, "speaker")) {
            JsonElement box = o.get("box");
            JsonElement track = o.get("trackId");
            if (box != null && box.isJsonArray() && track != null && !track.isJsonNull()) {
                var b = box.getAsJsonArray();
                centres.put(track.getAsString(), new double[] {b.get(0).getAsDouble() + b.get(2).getAsDouble() / 2,
                        b.get(1).getAsDouble() + b.get(3).getAsDouble() / 2});
            }
        }
        List<IdentityScore.Alert> out = new ArrayList<>();
        for (JsonObject o : objects(file, "mismatch")) {
            double[] c = centres.getOrDefault(o.get("trackId").getAsString(), new double[] {Double.NaN, Double.NaN});
            out.add(new IdentityScore.Alert(o.get("endMs").getAsLong(), c[0], c[1]));
        }
        return out;
    }

    private static List<JsonObject> objects(Path file, String type) throws IOException {
        List<JsonObject> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            JsonObject o;
            try {
                o = JsonParser.parseString(line).getAsJsonObject();
            } catch (RuntimeException e) {
                throw new IOException(file + ":" + lineNo + ": not a JSON object");
            }
            if (o.has("type") && type.equals(o.get("type").getAsString())) {
                out.add(o);
            }
        }
        return out;
    }

    /** The speaker objects of a JSON-lines file; other types are skipped. */
    static List<SpeakerScore.Event> readEvents(Path file) throws IOException {
        List<SpeakerScore.Event> events = new ArrayList<>();
        for (JsonObject o : objects(file, "speaker")) {
            JsonElement box = o.get("box");
            double cx = Double.NaN;
            double cy = Double.NaN;
            if (box != null && box.isJsonArray()) {
                var b = box.getAsJsonArray();
                cx = b.get(0).getAsDouble() + b.get(2).getAsDouble() / 2;
                cy = b.get(1).getAsDouble() + b.get(3).getAsDouble() / 2;
            }
            JsonElement sid = o.get("sessionSpeakerId");
            events.add(new SpeakerScore.Event(o.get("startMs").getAsLong(), o.get("endMs").getAsLong(), o.get("state").getAsString(),
                    cx, cy, sid == null || sid.isJsonNull() ? null : sid.getAsString()));
        }
        return events;
    }
}

package io.faalive.loadtest.scenario;

import io.faalive.job.config.PerceptionSettings;
import io.faalive.loadtest.MediaSources;
import io.faalive.loadtest.cli.FaaCli;
import io.faalive.serving.audio.SileroVad;
import io.faalive.serving.perception.PerceptionModels;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code bin/faa scenario --out DIR}: meetings with ground truth, composed from single-person
 * clips. Without clips it composes the standard set from the shared fixtures; with
 * {@code --speaker} (and optionally {@code --listener}, {@code --off-screen}) one meeting from
 * the user's own clips.
 */
@Command(name = "scenario", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Composes meetings with ground truth from single-person clips: NAME.mp4 and NAME.truth.json (where "
                + "each face is, and every span of speech). Without --speaker: the standard set from the shared "
                + "fixtures (grid4, free3-noisy, free4-listener).")
public final class ScenarioCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the meetings.")
    Path out;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of layouts, turns and noise (default 1).")
    long seed;

    @Option(names = "--only", paramLabel = "NAME", description = "Of the standard set, only these meetings.")
    List<String> only = new ArrayList<>();

    @Option(names = "--speaker", paramLabel = "FILE", description = "A clip of one person speaking to camera (video and audio).")
    List<Path> speakers = new ArrayList<>();

    @Option(names = "--listener", paramLabel = "FILE", description = "A clip of a face that is shown but never speaks.")
    List<Path> listeners = new ArrayList<>();

    @Option(names = "--off-screen", paramLabel = "FILE", description = "A voice that takes turns with no face on screen (audio is enough).")
    List<Path> offScreen = new ArrayList<>();

    @Option(names = "--name", defaultValue = "meeting", paramLabel = "NAME", description = "Name of a meeting of your own clips.")
    String name;

    @Option(names = "--layout", defaultValue = "GRID", paramLabel = "grid|free", description = "Tiles of equal size, or of different sizes anywhere.")
    MeetingLayout.Kind layout;

    @Option(names = "--turns", defaultValue = "16", paramLabel = "N", description = "Number of turns (default 16).")
    int turns;

    @Option(names = "--generated", description = "Instead: the demo's meeting made from a Debian portrait and espeak-ng voices "
            + "(no shared fixtures needed), as generated.mp4 and its truth.")
    boolean generated;

    @Option(names = "--identity", description = "Instead: the identity meetings from the shared fixtures (identity4: four people, "
            + "two of them enrolled; dubbed3: an enrolled face speaking with another person's voice) and enroll.sh, which "
            + "enrolls two of the people from other photos and utterances of them into gallery.jsonl.")
    boolean identity;

    @Option(names = "--snr", paramLabel = "DB", description = "Pink noise at this signal-to-noise ratio over speech (default: none).")
    Double snrDb;

    private final PrintWriter err;

    public ScenarioCommand(PrintWriter err) {
        this.err = err;
    }

    /** Runs the command line as {@code bin/faa scenario} does; the exit code. */
    public static int run(String[] args, PrintWriter err) {
        return FaaCli.run(Stream.concat(Stream.of("scenario"), Arrays.stream(args)).toArray(String[]::new), new PrintWriter(System.out, true), err);
    }

    @Override
    public Integer call() throws Exception {
        if (turns < 1) {
            err.println("scenario: --turns must be at least 1");
            return 2;
        }
        if (generated) {
            Path media = GeneratedMeeting.make(Files.createDirectories(out), seed);
            err.println("scenario: generated meeting -> " + media + " (truth beside it)");
            return 0;
        }
        List<MeetingComposer.Spec> specs;
        Path mediaRoot = MediaSources.fixtures().map(f -> f.resolve("media")).orElse(null);
        if (identity) {
            if (mediaRoot == null) {
                err.println("scenario: the identity meetings are made from the shared fixtures, which are absent");
                return 2;
            }
            for (Path media : IdentityMeetings.make(out, mediaRoot, seed)) {
                err.println("scenario: " + media + " (truth beside it)");
            }
            err.println("scenario: enroll two of the people with: sh " + out.resolve("enroll.sh") + "  (writes " + out.resolve("gallery.jsonl") + ")");
            return 0;
        }
        if (speakers.isEmpty() && offScreen.isEmpty()) {
            if (mediaRoot == null) {
                err.println("scenario: the shared fixtures are absent; name your own clips with --speaker FILE (see --help)");
                return 2;
            }
            specs = standard(mediaRoot, seed).stream().filter(s -> only.isEmpty() || only.contains(s.name())).toList();
            if (specs.isEmpty()) {
                err.println("scenario: no standard meeting is named " + only + "; there are grid4, free3-noisy, free4-listener");
                return 2;
            }
        } else {
            List<MeetingComposer.Cast> cast = new ArrayList<>();
            speakers.forEach(f -> cast.add(new MeetingComposer.Cast(f, MeetingComposer.Role.SPEAKER)));
            listeners.forEach(f -> cast.add(new MeetingComposer.Cast(f, MeetingComposer.Role.LISTENER)));
            offScreen.forEach(f -> cast.add(new MeetingComposer.Cast(f, MeetingComposer.Role.OFF_SCREEN)));
            specs = List.of(new MeetingComposer.Spec(name, cast, layout, turns, snrDb, seed));
        }
        try (SileroVad vad = PerceptionModels.vad(PerceptionSettings.from(new Configuration()))) {
            for (MeetingComposer.Spec spec : specs) {
                Truth t = MeetingComposer.compose(spec, out, vad, mediaRoot);
                double speech = t.speech().stream().mapToLong(s -> s.endMs() - s.startMs()).sum() / 1000.0;
                err.printf(Locale.ROOT, "scenario: %s: %.1f s, %d people, %d turns, %.1f s of speech%s -> %s%n", spec.name(),
                        t.durationMs() / 1000.0, t.people().size(), t.turns().size(), speech,
                        spec.snrDb() == null ? "" : String.format(Locale.ROOT, ", noise at %.0f dB SNR", spec.snrDb()),
                        out.resolve(t.media()));
            }
        }
        return 0;
    }

    /**
     * The standard meetings: four talking heads in a grid; three people in a free layout with
     * noise at 10 dB SNR; three short GRID-corpus speakers, a talking head, a face that never
     * speaks and a voice with no face on screen.
     */
    static List<MeetingComposer.Spec> standard(Path media, long seed) {
        return List.of(
                new MeetingComposer.Spec("grid4", cast(media, MeetingComposer.Role.SPEAKER, "talking_heads/video_retalking_1.mp4",
                        "talking_heads/video_retalking_2.mp4", "talking_heads/video_retalking_3.mp4", "talking_heads/video_retalking_5.mp4"),
                        MeetingLayout.Kind.GRID, 16, null, seed),
                new MeetingComposer.Spec("free3-noisy", cast(media, MeetingComposer.Role.SPEAKER, "talking_heads/short_hamilton_clip.mp4",
                        "talking_heads/video_retalking_4.mp4", "talking_heads/visualvoice_noisy_restaurant.mp4"),
                        MeetingLayout.Kind.FREE, 14, 10.0, seed + 1),
                new MeetingComposer.Spec("free4-listener", concat(
                        cast(media, MeetingComposer.Role.SPEAKER, "grid/brbk7n.mpg", "grid/lbax4n.mpg", "grid/sbia1a.mpg",
                                "talking_heads/video_retalking_5.mp4"),
                        cast(media, MeetingComposer.Role.LISTENER, "grid/lwbsza.mpg"),
                        cast(media, MeetingComposer.Role.OFF_SCREEN, "speech/librispeech/train-clean-100/1963-142393-0000.flac")),
                        MeetingLayout.Kind.FREE, 18, null, seed + 2));
    }

    private static List<MeetingComposer.Cast> cast(Path media, MeetingComposer.Role role, String... clips) {
        return java.util.Arrays.stream(clips).map(c -> new MeetingComposer.Cast(media.resolve(c), role)).toList();
    }

    @SafeVarargs
    private static List<MeetingComposer.Cast> concat(List<MeetingComposer.Cast>... parts) {
        List<MeetingComposer.Cast> all = new ArrayList<>();
        for (List<MeetingComposer.Cast> p : parts) {
            all.addAll(p);
        }
        return all;
    }
}

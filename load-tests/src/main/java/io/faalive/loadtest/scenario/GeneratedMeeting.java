package io.faalive.loadtest.scenario;

import io.faalive.job.config.PerceptionSettings;
import io.faalive.serving.audio.SileroVad;
import io.faalive.serving.perception.PerceptionModels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/**
 * A meeting made only from what a fresh Debian machine can install, for the demo without the
 * shared fixtures: two talking heads made from one public-domain portrait (Grace Hopper, a US
 * Navy photograph shipped by Debian's {@code python-matplotlib-data}; the second is the same
 * photo mirrored) with two espeak-ng voices that the x-vector tells apart (mean cosine between
 * their 1.5-s windows about 0.2, within each 0.6-0.8; it cannot tell espeak-ng's female variants
 * of one voice apart, and a third, whispering voice with no face on screen was too close to the
 * second for the session speakers to stay apart).
 * Composed like any meeting, with its truth.
 */
public final class GeneratedMeeting {

    public static final String NAME = "generated";
    static final Path PORTRAIT = Path.of("/usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg");

    // four or five sentences each (about 15 s of speech): the composer holds every frame of a clip in memory
    private static final List<String> FIRST = List.of(
            "Good morning everyone, thank you for joining the weekly planning meeting.",
            "Most of the work is done, but the tests on the new servers still fail now and then.",
            "I would like two more days before we decide anything about the launch date.",
            "That is all from me for now, over to you.");
    private static final List<String> SECOND = List.of(
            "Thanks, I can give you an update on the customer side of things.",
            "Three of the large accounts asked for the new reporting feature this week.",
            "They are happy with the speed, but the export to spreadsheets is still missing.",
            "If we ship it before the end of the quarter, two of them will renew early.",
            "Does anyone see a problem with that plan?");
    private static final String FIRST_VOICE = "en+f2";
    private static final List<String> ENROLLMENT = List.of(
            "My name is on the list of people this system knows.",
            "I read this short text once so that it can tell my voice from others.",
            "Numbers like seven, twelve and forty two help it hear the whole range of my voice.");

    private GeneratedMeeting() {}

    /** Whether this machine has what the meeting is made of (the portrait and espeak-ng). */
    public static String missing() {
        if (!Files.isReadable(PORTRAIT)) {
            return "the portrait " + PORTRAIT + " (Debian package python-matplotlib-data; bin/install-system-deps installs it)";
        }
        if (!Files.isExecutable(Path.of("/usr/bin/espeak-ng"))) {
            return "espeak-ng (Debian package espeak-ng; bin/install-system-deps installs it)";
        }
        return null;
    }

    /** The meeting in {@code dir} ({@code generated.mp4} and its truth), made on first use and reused after. */
    public static Path make(Path dir, long seed) throws Exception {
        Path media = dir.resolve(NAME + ".mp4");
        if (Files.exists(media) && Files.exists(dir.resolve(NAME + ".truth.json"))) {
            return media;
        }
        String lacking = missing();
        if (lacking != null) {
            throw new IOException("cannot generate the demo meeting without " + lacking);
        }
        Path clips = Files.createDirectories(dir.resolve("generated-clips"));
        BufferedImage portrait = TalkingPortrait.picture(PORTRAIT, false);
        BufferedImage mirrored = TalkingPortrait.picture(PORTRAIT, true);
        Path a = clip(portrait, FIRST_VOICE, FIRST, clips.resolve("portrait-a.mp4"), clips);
        Path b = clip(mirrored, "en-us+klatt", SECOND, clips.resolve("portrait-b.mp4"), clips);
        MeetingComposer.Spec spec = new MeetingComposer.Spec(NAME, List.of(
                new MeetingComposer.Cast(a, MeetingComposer.Role.SPEAKER),
                new MeetingComposer.Cast(b, MeetingComposer.Role.SPEAKER)), MeetingLayout.Kind.GRID, 12, null, seed);
        try (SileroVad vad = PerceptionModels.vad(PerceptionSettings.from(new Configuration()))) {
            MeetingComposer.compose(spec, dir, vad, null);
        }
        return media;
    }

    /**
     * A recording of the first voice saying other sentences than the meeting plays, to enroll it
     * from ({@code enroll-a.wav} in {@code dir}, made on first use).
     */
    public static Path enrollmentVoice(Path dir) throws Exception {
        Path wav = dir.resolve("enroll-a.wav");
        if (!Files.exists(wav)) {
            Path work = Files.createDirectories(dir.resolve("generated-clips"));
            float[] speech = TalkingPortrait.speech(FIRST_VOICE, ENROLLMENT, work);
            TalkingPortrait.writeWav(speech, wav);
        }
        return wav;
    }

    private static Path clip(BufferedImage picture, String voice, List<String> sentences, Path out, Path work) throws Exception {
        TalkingPortrait.write(picture, TalkingPortrait.mouth(picture), TalkingPortrait.speech(voice, sentences, work), out);
        return out;
    }
}

package io.faalive.loadtest.scenario;

import io.faalive.job.config.PerceptionSettings;
import io.faalive.serving.audio.SileroVad;
import io.faalive.serving.perception.PerceptionModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.Configuration;

/**
 * Meetings for the identity checks, made from the shared fixtures: four people, each a face photo
 * (face_recognition's public figures) made to talk ({@link TalkingPortrait}) with a LibriSpeech
 * reader's voice. Every person has other material than what the meetings play: a second photo
 * and other utterances of the same reader, from which {@code enroll.sh} enrolls two of them
 * ({@code obama}, {@code rose}); the other two are strangers to the gallery.
 *
 * <ul>
 *   <li>{@code identity4}: the four, each with their own voice, in a grid;</li>
 *   <li>{@code dubbed3}: obama's face speaking with kit's voice (an enrolled face, a voice that is
 *       not his), beside biden and rose speaking as themselves, in a free layout.</li>
 * </ul>
 * The truth names each face's person and, for the dubbed face, the voice's person.
 */
public final class IdentityMeetings {

    /** One person: the photo and utterances the meetings play, and other ones to enroll from. */
    record Person(String id, String name, String photo, List<String> voice, String enrollPhoto, List<String> enrollVoice,
            boolean enrolled) {}

    private static final String FACES = "faces/face_recognition/";
    private static final String SPEECH = "speech/librispeech/test-other/";

    static final List<Person> PEOPLE = List.of(
            new Person("obama", "Barack Obama", FACES + "obama.jpg", utterances("1688/1688-142285", 1, 3),
                    FACES + "obama2.jpg", utterances("1688/1688-142285", 4, 5), true),
            new Person("biden", "Joe Biden", FACES + "biden.jpg", utterances("2033/2033-164914", 0, 1),
                    FACES + "biden2.jpg", utterances("2033/2033-164914", 2, 3), false),
            new Person("kit", "Kit Harington", FACES + "kit_harington_1.jpeg", utterances("2609/2609-156975", 2, 3),
                    FACES + "kit_harington_2.jpeg", utterances("2609/2609-156975", 0, 1), false),
            new Person("rose", "Rose Leslie", FACES + "rose_leslie_1.jpg", utterances("3080/3080-5032", 0, 1),
                    FACES + "rose_leslie_2.jpg", utterances("3080/3080-5032", 3, 4), true));

    public static final List<String> NAMES = List.of("identity4", "dubbed3");

    private IdentityMeetings() {}

    /** Makes both meetings, their truths and {@code enroll.sh} in {@code dir}; returns the meetings' media. */
    public static List<Path> make(Path dir, Path mediaRoot, long seed) throws Exception {
        Files.createDirectories(dir);
        Path clips = Files.createDirectories(dir.resolve("identity-clips"));
        List<Path> own = new ArrayList<>();
        for (Person p : PEOPLE) {
            own.add(clip(mediaRoot, p.photo(), p.voice(), clips.resolve(p.id() + ".mp4"), clips));
        }
        Person obama = PEOPLE.get(0);
        Person kit = PEOPLE.get(2);
        Path dubbed = clip(mediaRoot, obama.photo(), kit.voice(), clips.resolve("obama-dubbed-by-kit.mp4"), clips);

        List<MeetingComposer.Cast> four = new ArrayList<>();
        for (int i = 0; i < PEOPLE.size(); i++) {
            four.add(new MeetingComposer.Cast(own.get(i), MeetingComposer.Role.SPEAKER, PEOPLE.get(i).id(), null));
        }
        List<MeetingComposer.Cast> three = List.of(
                new MeetingComposer.Cast(dubbed, MeetingComposer.Role.SPEAKER, obama.id(), kit.id()),
                four.get(1), four.get(3));
        List<Path> out = new ArrayList<>();
        try (SileroVad vad = PerceptionModels.vad(PerceptionSettings.from(new Configuration()))) {
            for (MeetingComposer.Spec spec : List.of(
                    new MeetingComposer.Spec(NAMES.get(0), four, MeetingLayout.Kind.GRID, 14, null, seed),
                    new MeetingComposer.Spec(NAMES.get(1), three, MeetingLayout.Kind.FREE, 10, null, seed + 1))) {
                MeetingComposer.compose(spec, dir, vad, mediaRoot);
                out.add(dir.resolve(spec.name() + ".mp4"));
            }
        }
        writeEnrollScript(dir, mediaRoot);
        return out;
    }

    /** Someone the meetings' gallery enrolls, and the material to enroll them from (not what the meetings play). */
    public record Enrollee(String id, String name, Path photo, List<Path> recordings) {}

    /** The people to enroll: two of the four. */
    public static List<Enrollee> enrollees(Path mediaRoot) {
        return PEOPLE.stream().filter(Person::enrolled).map(p -> new Enrollee(p.id(), p.name(), mediaRoot.resolve(p.enrollPhoto()),
                p.enrollVoice().stream().map(mediaRoot::resolve).toList())).toList();
    }

    /** {@code enroll.sh}: the enrolled people's {@code bin/faa enroll} commands, writing {@code gallery.jsonl}. */
    private static void writeEnrollScript(Path dir, Path mediaRoot) throws IOException {
        StringBuilder sh = new StringBuilder("#!/bin/sh\n# Enrolls the people the identity meetings know, from other material than the meetings play.\nset -e\n");
        Path gallery = dir.toAbsolutePath().resolve("gallery.jsonl");
        sh.append("rm -f '").append(gallery).append("'\n");
        for (Enrollee p : enrollees(mediaRoot)) {
            sh.append(String.format(Locale.ROOT, "bin/faa enroll --person %s --name '%s' --photo '%s'", p.id(), p.name(),
                    p.photo().toAbsolutePath()));
            for (Path v : p.recordings()) {
                sh.append(" --voice '").append(v.toAbsolutePath()).append('\'');
            }
            sh.append(" --out '").append(gallery).append("'\n");
        }
        Path script = dir.resolve("enroll.sh");
        Files.writeString(script, sh.toString());
        script.toFile().setExecutable(true);
    }

    private static Path clip(Path mediaRoot, String photo, List<String> voice, Path out, Path work) throws Exception {
        if (Files.exists(out)) {
            return out;
        }
        var picture = TalkingPortrait.picture(mediaRoot.resolve(photo), false);
        List<Path> files = voice.stream().map(mediaRoot::resolve).toList();
        TalkingPortrait.write(picture, TalkingPortrait.mouth(picture), TalkingPortrait.speech(files), out);
        return out;
    }

    private static List<String> utterances(String prefix, int first, int last) {
        List<String> out = new ArrayList<>();
        for (int i = first; i <= last; i++) {
            out.add(SPEECH + prefix + String.format(Locale.ROOT, "-%04d.flac", i));
        }
        return out;
    }
}

package io.faalive.loadtest.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.faalive.job.associate.GalleryFile;
import io.faalive.loadtest.AnalyzeCommand;
import io.faalive.loadtest.FixtureMedia;
import io.faalive.loadtest.cli.FaaCli;
import io.faalive.loadtest.scenario.IdentityMeetings;
import io.faalive.schemas.Enrollment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identity end to end on real media: {@code bin/faa enroll --out} from other photos and
 * utterances of two people than the meetings play, then the job's pipeline over the identity
 * meetings with that gallery: enrolled voices named, strangers never, the dubbed face alerted
 * once and nobody else; and enrollment material that gives nothing is refused in one line
 * without touching the gallery.
 */
class IdentityTest {

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void enrolledPeopleAreNamedStrangersAreNotAndTheDubbedFaceIsAlerted(@TempDir Path dir) throws Exception {
        Path media = FixtureMedia.require("faces").getParent();
        List<Path> meetings = IdentityMeetings.make(dir, media, 1);
        Path gallery = dir.resolve("gallery.jsonl");
        for (String line : Files.readAllLines(dir.resolve("enroll.sh"))) {
            if (line.startsWith("bin/faa enroll ")) {
                Result r = faa(words(line.substring("bin/faa ".length())));
                assertThat(r.code()).as(r.err()).isZero();
            }
        }
        assertThat(GalleryFile.read(gallery)).as("two people enrolled").containsOnlyKeys("obama", "rose");

        List<String> score = new ArrayList<>(List.of("score", "--gallery", gallery.toString(), "--json", dir.resolve("score.json").toString()));
        Configuration conf = new Configuration();
        conf.setString("faa.identity.gallery", gallery.toString());
        for (Path m : meetings) {
            Path events = dir.resolve(m.getFileName() + ".jsonl");
            AnalyzeCommand.analyze(m, events, conf, 1, false);
            String name = m.getFileName().toString().replace(".mp4", "");
            score.addAll(List.of("--truth", dir.resolve(name + ".truth.json").toString(), "--events", events.toString()));
        }
        Result r = faa(score);
        assertThat(r.code()).as(r.err()).isZero();
        System.out.println(r.out());
        JsonObject ids = JsonParser.parseString(Files.readString(dir.resolve("score.json"))).getAsJsonObject().getAsJsonObject("identities");
        JsonObject all = ids.getAsJsonObject("all");
        assertThat(all.get("enrolledSpeechS").getAsDouble()).as("enrolled people's speech").isGreaterThan(15);
        assertThat(all.get("enrolledNamedRight").getAsDouble()).as("enrolled people named right, share of their speech").isGreaterThan(0.6);
        assertThat(all.get("strangersNamed").getAsDouble()).as("people not enrolled given a name, share of their speech").isLessThanOrEqualTo(0.01);
        assertThat(ids.getAsJsonObject("dubbed3").get("dubbedAlerted").getAsInt()).as("the dubbed face alerted").isEqualTo(1);
        assertThat(ids.getAsJsonObject("dubbed3").get("alertAfterSpeechS").getAsDouble()).as("dubbed speech before the alert, s")
                .isLessThanOrEqualTo(5);
        assertThat(all.get("falseAlerts").getAsInt()).as("alerts on faces that are not dubbed").isZero();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void materialThatGivesNothingIsRefusedInOneLineAndTheGalleryIsUnchanged(@TempDir Path dir) throws Exception {
        Path photo = FixtureMedia.require("faces/face_recognition/obama2.jpg");
        Path voice = FixtureMedia.require("speech/librispeech/test-other/1688/1688-142285-0004.flac");
        Path gallery = dir.resolve("gallery.jsonl");
        assertThat(faa(List.of("enroll", "--person", "obama", "--photo", photo.toString(), "--voice", voice.toString(),
                "--out", gallery.toString())).code()).isZero();
        Map<String, Enrollment> before = GalleryFile.read(gallery);
        byte[] bytes = Files.readAllBytes(gallery);

        Path notAnImage = Files.writeString(dir.resolve("notes.jpg"), "not an image");
        Path noFace = dir.resolve("wall.png");
        java.awt.image.BufferedImage grey = new java.awt.image.BufferedImage(320, 240, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        javax.imageio.ImageIO.write(grey, "png", noFace.toFile());
        Path silence = dir.resolve("silence.wav");
        writeSilence(silence, 3);
        Map<List<String>, String> refused = Map.of(
                List.of("--person", "x", "--photo", notAnImage.toString()), "not an image",
                List.of("--person", "x", "--photo", noFace.toString()), "no face found",
                List.of("--person", "x", "--voice", silence.toString()), "no speech",
                List.of("--person", "x", "--photo", dir.resolve("missing.jpg").toString()), "no such file",
                List.of("--person", "obama", "--photo", photo.toString()), "already enrolled",
                List.of("--delete", "nobody"), "nobody is enrolled as nobody");
        for (var c : refused.entrySet()) {
            List<String> args = new ArrayList<>(List.of("enroll"));
            args.addAll(c.getKey());
            args.addAll(List.of("--out", gallery.toString()));
            Result r = faa(args);
            assertThat(r.code()).as(String.join(" ", args)).isNotZero();
            assertThat(r.err().strip()).as("one line").doesNotContain("\n").contains(c.getValue());
            assertThat(Files.readAllBytes(gallery)).as("gallery unchanged after " + c.getKey()).isEqualTo(bytes);
        }
        assertThat(before).containsOnlyKeys("obama");
        assertThat(faa(List.of("enroll", "--delete", "obama", "--out", gallery.toString())).code()).isZero();
        assertThat(GalleryFile.read(gallery)).isEmpty();
    }

    private record Result(int code, String out, String err) {}

    private static Result faa(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FaaCli.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    /** A shell line's words: single quotes group, as enroll.sh writes them. */
    private static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    out.add(word.toString());
                }
                word.setLength(0);
                any = false;
            } else {
                word.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(word.toString());
        }
        return out;
    }

    private static void writeSilence(Path file, int seconds) throws Exception {
        int rate = 16000;
        byte[] pcm = new byte[rate * seconds * 2];
        try (var in = new javax.sound.sampled.AudioInputStream(new java.io.ByteArrayInputStream(pcm),
                new javax.sound.sampled.AudioFormat(rate, 16, 1, true, false), rate * seconds)) {
            javax.sound.sampled.AudioSystem.write(in, javax.sound.sampled.AudioFileFormat.Type.WAVE, file.toFile());
        }
    }
}

package io.faalive.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/faa embed-voice} as a user runs it: real LibriSpeech files through FFmpeg and the
 * Kaldi x-vector, mixed with files that cannot give a voice vector (missing, not media, no
 * audio stream, no speech), each of which must cost one line on stderr and nothing else.
 */
class EmbedVoiceCommandTest {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void writesOneUnitVectorPerSpeechFileAndOneErrorLinePerBadFile(@TempDir Path tmp) throws IOException {
        Path manifest = FixtureMedia.require("speech/librispeech/manifest.csv");
        List<String[]> twoOfOne = new ArrayList<>();
        String[] other = null;
        Map<String, List<String[]>> bySpeaker = new LinkedHashMap<>();
        List<String> rows = Files.readAllLines(manifest);
        for (String line : rows.subList(1, rows.size())) {
            String[] f = line.split(",");
            bySpeaker.computeIfAbsent(f[1], k -> new ArrayList<>()).add(f);
        }
        for (List<String[]> files : bySpeaker.values()) {
            if (twoOfOne.isEmpty() && files.size() >= 2) {
                twoOfOne.addAll(files.subList(0, 2));
            }
        }
        for (List<String[]> files : bySpeaker.values()) {
            if (other == null && !files.get(0)[1].equals(twoOfOne.get(0)[1]) && files.get(0)[2].equals(twoOfOne.get(0)[2])) {
                other = files.get(0);
            }
        }
        assertThat(other).as("a second speaker of the same gender in the manifest").isNotNull();
        Path dir = manifest.getParent();
        Path silence = tmp.resolve("silence.wav");
        writeWav(silence, new short[16000 * 2]);
        Path text = Files.writeString(tmp.resolve("notes.wav"), "this is not audio\n");
        Path image = FixtureMedia.require("faces/deepface/img10.jpg");
        Path out = tmp.resolve("out/vectors.jsonl");
        StringWriter err = new StringWriter();

        int code = EmbedVoiceCommand.run(new String[] {"--out", out.toString(), "--duration", "3",
                dir.resolve(twoOfOne.get(0)[0]).toString(), tmp.resolve("missing.flac").toString(), text.toString(),
                image.toString(), silence.toString(), dir.resolve(twoOfOne.get(1)[0]).toString(),
                dir.resolve(other[0]).toString()}, new PrintWriter(err, true));

        assertThat(code).as("some files failed").isEqualTo(1);
        List<String> errors = err.toString().lines().toList();
        assertThat(errors).hasSize(5);
        assertThat(errors.get(0)).contains("missing.flac").contains("no such file");
        assertThat(errors.get(1)).contains("notes.wav").contains("FFmpeg cannot read it");
        assertThat(errors.get(2)).contains("img10.jpg").contains("no audio stream");
        assertThat(errors.get(3)).contains("silence.wav").contains("no speech in 2.00 s");
        assertThat(errors.get(4)).contains("3 of 7 files");
        List<JsonObject> lines = Files.readAllLines(out).stream().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
        assertThat(lines).hasSize(3);
        float[][] v = new float[3][];
        for (int i = 0; i < 3; i++) {
            JsonObject o = lines.get(i);
            assertThat(o.get("embedder").getAsString()).isEqualTo("xvector-128");
            assertThat(o.get("dim").getAsInt()).isEqualTo(128);
            v[i] = new float[128];
            for (int k = 0; k < 128; k++) {
                v[i][k] = o.getAsJsonArray("vector").get(k).getAsFloat();
            }
            assertThat(dot(v[i], v[i])).as("unit length").isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        }
        assertThat(lines.get(0).get("file").getAsString()).endsWith(twoOfOne.get(0)[0].substring(twoOfOne.get(0)[0].indexOf('/') + 1));
        assertThat(dot(v[0], v[1])).as("two files of one speaker closer than either to another speaker")
                .isGreaterThan(dot(v[0], v[2])).isGreaterThan(dot(v[1], v[2]));
    }

    @Test
    void aBadCommandLineExitsTwoWithOneLine(@TempDir Path tmp) {
        StringWriter err = new StringWriter();
        int code = EmbedVoiceCommand.run(new String[] {"--out", tmp.resolve("o.jsonl").toString(), "--embedder", "wav2vec", "x.wav"},
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines().toList()).hasSize(1)
                .first().asString().startsWith("embed-voice: ").contains("wav2vec").endsWith("(bin/faa embed-voice --help)");
        StringWriter err2 = new StringWriter();
        assertThat(EmbedVoiceCommand.run(new String[] {"--out", "o.jsonl", "--duration", "0", "x.wav"}, new PrintWriter(err2, true)))
                .isEqualTo(2);
        assertThat(err2.toString()).contains("--duration");
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void writeWav(Path file, short[] samples) throws IOException {
        byte[] bytes = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            bytes[2 * i] = (byte) samples[i];
            bytes[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        AudioFormat format = new AudioFormat(16000, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(bytes), format, samples.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }
}

package io.faalive.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Input without the usual parts gives sensible speaker events or none, and no crash. */
class AnalyzeEdgeCasesTest {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void speechWithoutVideoIsOffScreenSpeechAndSilenceOfOneVoice(@TempDir Path tmp) throws Exception {
        Path audio = FixtureMedia.require("speech/librispeech/train-clean-100/1963-142393-0000.flac");
        Path out = tmp.resolve("audio.jsonl");
        AnalyzeCommand.Result r = AnalyzeCommand.analyze(audio, out, new Configuration(), 1, false);
        List<JsonObject> events = speakerEvents(out);
        assertThat(r.deadLetters()).isZero();
        assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e.get("state").getAsString()).isIn("OFF_SCREEN", "SILENCE"));
        assertThat(events).anySatisfy(e -> assertThat(e.get("state").getAsString()).isEqualTo("OFF_SCREEN"));
        assertTiled(events);
        assertThat(events.stream().filter(e -> !e.get("sessionSpeakerId").isJsonNull())
                .map(e -> e.get("sessionSpeakerId").getAsString()).distinct().count()).as("one reader, one session speaker").isEqualTo(1);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void videoWithoutAudioGivesNoSpeech(@TempDir Path tmp) throws Exception {
        Path video = tmp.resolve("silent.mp4");
        writeVideoOnly(video, 4);
        Path out = tmp.resolve("video.jsonl");
        AnalyzeCommand.Result r = AnalyzeCommand.analyze(video, out, new Configuration(), 1, false);
        assertThat(r.chunks()).as("every second of the video went through the job").isEqualTo(4);
        assertThat(r.deadLetters()).as("a stream without audio is not bad input").isZero();
        assertThat(r.speechWindows()).isZero();
        assertThat(speakerEvents(out)).allSatisfy(e -> assertThat(e.get("state").getAsString()).isEqualTo("SILENCE"));
    }

    private static void writeVideoOnly(Path file, int seconds) throws Exception {
        BufferedImage frame = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 320, 240, 0);
                Java2DFrameConverter converter = new Java2DFrameConverter()) {
            recorder.setFormat("mp4");
            recorder.setVideoCodecName("libopenh264");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(25);
            recorder.setGopSize(25);
            recorder.start();
            for (int f = 0; f < seconds * 25; f++) {
                Graphics2D g = frame.createGraphics();
                g.setColor(new Color(40 + f % 100, 80, 120));
                g.fillRect(0, 0, 320, 240);
                g.setColor(Color.WHITE);
                g.fillOval(100 + f % 40, 60, 120, 120);
                g.dispose();
                recorder.record(converter.convert(frame));
            }
            recorder.stop();
        }
    }

    private static List<JsonObject> speakerEvents(Path out) throws Exception {
        return Files.readAllLines(out).stream().map(l -> JsonParser.parseString(l).getAsJsonObject())
                .filter(o -> o.get("type").getAsString().equals("speaker")).toList();
    }

    private static void assertTiled(List<JsonObject> events) {
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).get("startMs").getAsLong()).as("spans tile the timeline")
                    .isEqualTo(events.get(i - 1).get("endMs").getAsLong());
        }
    }
}

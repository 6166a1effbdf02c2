package io.faalive.job.perception;

import org.apache.flink.configuration.Configuration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.faalive.job.Fixtures;
import io.faalive.serving.inference.SharedModels;
import io.faalive.serving.perception.PerceptionConfig;
import io.faalive.serving.runtime.KnownModel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** SpeechWindows on the operator harness with the real Silero VAD, on a real conversation. */
class SpeechWindowsTest {

    private static final long T0 = 1_700_000_000_000L;

    @Test
    void windowsFollowTheGridAcrossChunksAndGaps() throws Exception {
        assumeTrue(Files.exists(KnownModel.SILERO_VAD.file().path()), "Silero VAD pack absent (bin/fetch-model-packs); skipping");
        short[] audio = pcm16("audio/pyannote_sample.wav");
        PerceptionConfig config = PerceptionSettings.from(new Configuration());
        List<PerceivedChunk> out;
        try (var harness = new KeyedOneInputStreamOperatorTestHarness<String, PerceivedChunk, PerceivedChunk>(
                new KeyedProcessOperator<>(new SpeechWindows(config, Duration.ofMinutes(10))), c -> c.streamId, Types.STRING)) {
            harness.open();
            for (int s = 0; s < 30; s++) {
                if (s == 12 || s == 13) {
                    continue; // two chunks lost in transit: 2 s of silence must be filled in
                }
                harness.processElement(chunk(s, Arrays.copyOfRange(audio, s * 16000, (s + 1) * 16000)), 0);
            }
            out = harness.extractOutputValues();
            assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        }
        assertThat(SharedModels.alive()).as("the VAD is closed with the operator").isZero();
        List<WindowRecord> windows = out.stream().flatMap(c -> Arrays.stream(c.windows)).toList();
        assertThat(out).allSatisfy(c -> assertThat(c.pcm).as("audio consumed").isNull());
        // 30 s of media time: windows of 1.5 s every 0.5 s ending by about 29.98 s
        assertThat(windows).hasSizeBetween(56, 57);
        for (int i = 0; i < windows.size(); i++) {
            assertThat(windows.get(i).startTsMs).isEqualTo(T0 + 500L * i);
            assertThat(windows.get(i).endTsMs - windows.get(i).startTsMs).isEqualTo(1500);
            assertThat(windows.get(i).samples).hasSize(24000);
        }
        // the conversation runs from 6.7 s to the end, except the 2 s lost at 12-14 s
        assertThat(windows.stream().filter(w -> w.startTsMs < T0 + 5000)).noneMatch(w -> w.speech);
        assertThat(windows.stream().filter(w -> w.startTsMs >= T0 + 16000)).allMatch(w -> w.speech);
        WindowRecord inGap = windows.stream().filter(w -> w.startTsMs == T0 + 12250 || w.startTsMs == T0 + 12500).findFirst().orElseThrow();
        assertThat(inGap.speechShare).as("the filled gap is silence").isLessThan(0.5f);
    }

    private static PerceivedChunk chunk(int second, short[] pcm) {
        PerceivedChunk c = new PerceivedChunk();
        c.streamId = "talk";
        c.seq = second;
        c.startTsMs = T0 + second * 1000L;
        c.durationMs = 1000;
        c.pcm = pcm;
        c.sampleRate = 16000;
        c.audioStartTsMs = c.startTsMs;
        return c;
    }

    private static short[] pcm16(String relative) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(Fixtures.media(relative).toFile())) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            ByteBuffer b = ByteBuffer.wrap(bytes.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            short[] out = new short[b.remaining() / 2];
            b.asShortBuffer().get(out);
            return out;
        }
    }
}

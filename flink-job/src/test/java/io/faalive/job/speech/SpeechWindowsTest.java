package io.faalive.job.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.faalive.job.Fixtures;
import io.faalive.job.config.PerceptionSettings;
import io.faalive.job.decode.ChunkAudio;
import io.faalive.job.decode.ChunkInfo;
import io.faalive.job.tracks.LiveTrack;
import io.faalive.job.tracks.TrackedFace;
import io.faalive.job.tracks.TrackedFaces;
import io.faalive.serving.inference.SharedModels;
import io.faalive.serving.perception.PerceptionConfig;
import io.faalive.serving.runtime.KnownModel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SpeechWindows on the operator harness with the real Silero VAD, on a real conversation. */
class SpeechWindowsTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final PerceptionConfig CONFIG = PerceptionSettings.from(new Configuration());

    private short[] audio;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Files.exists(KnownModel.SILERO_VAD.file().path()), "Silero VAD pack absent (bin/fetch-model-packs); skipping");
        audio = pcm16("audio/pyannote_sample.wav");
    }

    @Test
    void windowsFollowTheGridAcrossChunksAndGaps() throws Exception {
        List<ChunkWindows> out;
        try (var harness = harness()) {
            harness.open();
            for (int s = 0; s < 30; s++) {
                if (s == 12 || s == 13) {
                    continue; // two chunks lost in transit: 2 s of silence must be filled in
                }
                harness.processElement(chunk(s), 0);
            }
            out = harness.extractOutputValues();
            assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        }
        assertThat(SharedModels.alive()).as("the VAD is closed with the operator").isZero();
        List<AudioWindow> windows = out.stream().flatMap(c -> Arrays.stream(c.windows())).toList();
        // 30 s of media time: windows of 1.5 s every 0.5 s, decided as far as the audio has arrived (not only as
        // far as the VAD's 32-ms frames have run), so the last one ends at 30 s
        assertThat(windows).hasSize(58);
        for (int i = 0; i < windows.size(); i++) {
            assertThat(windows.get(i).startTsMs()).isEqualTo(T0 + 500L * i);
            assertThat(windows.get(i).endTsMs() - windows.get(i).startTsMs()).isEqualTo(1500);
            assertThat(windows.get(i).samples()).hasSize(24000);
        }
        // the conversation runs from 6.7 s to the end, except the 2 s lost at 12-14 s
        assertThat(windows.stream().filter(w -> w.startTsMs() < T0 + 5000)).noneMatch(AudioWindow::speech);
        assertThat(windows.stream().filter(w -> w.startTsMs() >= T0 + 16000)).allMatch(AudioWindow::speech);
        AudioWindow inGap = windows.stream().filter(w -> w.startTsMs() == T0 + 12250 || w.startTsMs() == T0 + 12500)
                .findFirst().orElseThrow();
        assertThat(inGap.speechShare()).as("the filled gap is silence").isLessThan(0.5f);
        assertThat(out).allSatisfy(c -> assertThat(c.tracks()).as("the live tracks are passed on").hasSize(1));
    }

    @Test
    void aRestoredStreamContinuesWithTheSameWindowsAsAnUninterruptedOne() throws Exception {
        List<AudioWindow> straight = new ArrayList<>();
        try (var harness = harness()) {
            harness.open();
            for (int s = 0; s < 12; s++) {
                harness.processElement(chunk(s), 0);
            }
            harness.extractOutputValues().forEach(c -> straight.addAll(Arrays.asList(c.windows())));
        }
        List<AudioWindow> resumed = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var harness = harness()) {
            harness.open();
            for (int s = 0; s < 7; s++) { // 7 s: mid-speech, the VAD and segmenter hold an open segment
                harness.processElement(chunk(s), 0);
            }
            snapshot = harness.snapshot(1, 1);
            harness.extractOutputValues().forEach(c -> resumed.addAll(Arrays.asList(c.windows())));
        }
        try (var restored = harness()) {
            restored.setup();
            restored.initializeState(snapshot);
            restored.open();
            for (int s = 7; s < 12; s++) {
                restored.processElement(chunk(s), 0);
            }
            restored.extractOutputValues().forEach(c -> resumed.addAll(Arrays.asList(c.windows())));
        }
        assertThat(resumed).hasSameSizeAs(straight);
        for (int i = 0; i < straight.size(); i++) {
            AudioWindow a = straight.get(i);
            AudioWindow b = resumed.get(i);
            assertThat(b.startTsMs()).isEqualTo(a.startTsMs());
            assertThat(b.speech()).as("window at %d ms", a.startTsMs() - T0).isEqualTo(a.speech());
            assertThat(b.speechShare()).as("VAD state restored: window at %d ms", a.startTsMs() - T0).isEqualTo(a.speechShare());
            assertThat(b.samples()).isEqualTo(a.samples());
        }
        assertThat(straight).anyMatch(AudioWindow::speech);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, TrackedFaces, ChunkWindows> harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new SpeechWindows(CONFIG, Duration.ofMinutes(10))),
                c -> c.chunk().streamId(), Types.STRING);
    }

    /** Second {@code second} of the conversation as a chunk with one live track. */
    private TrackedFaces chunk(int second) {
        long start = T0 + second * 1000L;
        short[] pcm = Arrays.copyOfRange(audio, second * 16000, (second + 1) * 16000);
        LiveTrack track = new LiveTrack(1, new io.faalive.job.faces.FaceBox(10, 10, 90, 90), start, 0, null,
                new long[0], new float[0], new long[0], new byte[0][]);
        return new TrackedFaces(new ChunkInfo("talk", second, start, 1000, start, 640, 360, 0),
                new ChunkAudio(pcm, 16000, start), new TrackedFace[0], new LiveTrack[] {track});
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

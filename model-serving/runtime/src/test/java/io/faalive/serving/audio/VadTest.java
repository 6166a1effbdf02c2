package io.faalive.serving.audio;

import static org.assertj.core.api.Assertions.assertThat;

import io.faalive.serving.runtime.KnownModel;
import io.faalive.serving.runtime.NetModel;
import io.faalive.serving.testing.AudioFiles;
import io.faalive.serving.testing.Fixtures;
import io.faalive.serving.testing.Rttm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Silero VAD + segmenter against the RTTM of the two-speaker pyannote sample. */
class VadTest {

    @Test
    void speechSegmentsMatchTheReference() throws Exception {
        float[] audio = AudioFiles.read16k(Fixtures.file("media/audio/pyannote_sample.wav"));
        Rttm truth = Rttm.read(Fixtures.file("media/audio/pyannote_sample.rttm"));
        List<SpeechSegmenter.Segment> segments = new ArrayList<>();
        try (SileroVad vad = new SileroVad(NetModel.load(Fixtures.model(KnownModel.SILERO_VAD).file()))) {
            SileroVad.State state = new SileroVad.State();
            SpeechSegmenter segmenter = new SpeechSegmenter(new SpeechSegmenter.Settings(0.5f, 0.35f, 300, 250), SileroVad.FRAME_MS);
            // fed in 1 s pieces, as the job receives chunks: the state carries across pieces
            for (int at = 0; at < audio.length; at += 16000) {
                segments.addAll(segmenter.push(vad.process(state, Arrays.copyOfRange(audio, at, Math.min(audio.length, at + 16000)))));
            }
            segments.addAll(segmenter.flush());
        }
        int frames = audio.length / 160;
        int correct = 0;
        for (int f = 0; f < frames; f++) {
            double t = (f + 0.5) / 100.0;
            boolean predicted = segments.stream().anyMatch(s -> t * 1000 >= s.startMs() && t * 1000 < s.endMs());
            if (predicted == truth.speechAt(t)) {
                correct++;
            }
        }
        double accuracy = correct / (double) frames;
        double onsetError = Math.abs(segments.get(0).startMs() / 1000.0 - truth.turns().get(0).start());
        System.out.printf("VAD: %d segments %s%nVAD frame accuracy %.1f%% (10 ms frames), first onset error %.0f ms%n",
                segments.size(), segments, 100 * accuracy, 1000 * onsetError);
        assertThat(accuracy).as("frame accuracy against the RTTM").isGreaterThanOrEqualTo(0.90);
        assertThat(onsetError).as("first speech onset error, s").isLessThan(0.25);
    }
}

package io.faalive.serving.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.faalive.serving.runtime.ModelFile;
import io.faalive.serving.runtime.NetModel;
import io.faalive.serving.testing.AudioFiles;
import io.faalive.serving.testing.OnnxWriter;
import io.faalive.serving.testing.SpeakerTrials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spectral voice embedding on real speakers (two-speaker conversation, Asterisk prompt
 * voices, espeak-ng voices) and the ECAPA-contract network plug-in.
 */
class VoiceEmbeddingTest {

    private final SpectralVoiceEmbedder embedder = new SpectralVoiceEmbedder();

    @Test
    void windowsOfAConversationClusterBySpeaker() throws Exception {
        SpeakerTrials.Labelled conversation = SpeakerTrials.conversationWindows();
        List<float[]> samples = conversation.samples();
        List<String> labels = conversation.labels();
        float[][] v = VoiceVectors.centre(embedder.embed(samples));
        int[] cluster = AverageLinkage.cluster(v, 2);
        double purity = SpeakerTrials.purity(cluster, labels);
        System.out.printf("voice clustering: %d single-speaker windows (1.5 s, hop 0.5 s), 2 clusters, purity %.1f%%%n",
                labels.size(), 100 * purity);
        assertThat(labels.size()).as("windows with one speaker").isGreaterThan(20);
        assertThat(purity).as("cluster purity against the RTTM").isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void asteriskSpeakersAreSeparated() throws IOException {
        Path root = Path.of("/usr/share/asterisk/sounds");
        assumeTrue(Files.isDirectory(root), "Asterisk prompt voices absent (bin/install-system-deps installs them); skipping");
        List<float[]> clips = new ArrayList<>();
        List<String> speakers = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    List<Path> g722 = files.filter(p -> p.toString().endsWith(".g722")).sorted().toList();
                    int taken = 0;
                    for (Path f : g722) {
                        float[] a = AudioFiles.read16k(f);
                        if (a.length >= 24000 && taken < 25) {
                            clips.add(a);
                            speakers.add(dir.getFileName().toString());
                            taken++;
                        }
                    }
                }
            }
        }
        // en_US_f_Allison and es_MX_f_Allison may be one person: pairs across them are left out
        double eer = eer(clips, speakers, (a, b) -> a.contains("Allison") && b.contains("Allison") && !a.equals(b));
        System.out.printf("voice EER, Asterisk prompts (%d clips, %d voices): %.1f%%%n", clips.size(), speakers.stream().distinct().count(), 100 * eer);
        assertThat(eer).as("same vs different speaker EER").isLessThan(0.25);
    }

    @Test
    void espeakVoicesAreSeparated(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/espeak-ng")), "espeak-ng absent (bin/install-system-deps installs it); skipping");
        String[] voices = {"en+m1", "en+m3", "en+m5", "en+m7", "en+f1", "en+f2", "en+f3", "en+f4"};
        String[] sentences = {
            "The quick brown fox jumps over the lazy dog near the river bank.",
            "Please call Stella and ask her to bring these things from the store.",
            "We will meet again tomorrow morning to discuss the quarterly results.",
            "A rainbow is a division of white light into many beautiful colors.",
            "She sells sea shells by the sea shore on a bright summer afternoon.",
            "Numbers like seventeen and forty two appear in the final report.",
        };
        List<float[]> clips = new ArrayList<>();
        List<String> speakers = new ArrayList<>();
        for (String voice : voices) {
            for (int i = 0; i < sentences.length; i++) {
                Path wav = tmp.resolve(voice.replace('+', '_') + "_" + i + ".wav");
                Process p = new ProcessBuilder("espeak-ng", "-v", voice, "-w", wav.toString(), sentences[i]).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                assertThat(p.waitFor()).isZero();
                clips.add(AudioFiles.read16k(wav));
                speakers.add(voice);
            }
        }
        double eer = eer(clips, speakers, (a, b) -> false);
        System.out.printf("voice EER, espeak-ng voices (%d clips, %d voices): %.1f%%%n", clips.size(), voices.length, 100 * eer);
        assertThat(eer).as("same vs different voice EER").isLessThan(0.25);
    }

    @Test
    void networkPluginFollowsTheEcapaContract(@TempDir Path tmp) throws IOException {
        Random random = new Random(7);
        float[][] w = new float[80][192];
        for (float[] row : w) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        Path onnx = tmp.resolve("ecapa-contract.onnx");
        OnnxWriter.maxProjection(onnx, w);
        float[] speech = new float[24000];
        for (int i = 0; i < speech.length; i++) {
            speech[i] = (float) (0.3 * Math.sin(2 * Math.PI * 180 * i / 16000.0) + 0.05 * random.nextGaussian());
        }
        try (NetVoiceEmbedder net = new NetVoiceEmbedder(NetModel.load(ModelFile.unchecked(onnx)), 192)) {
            float[] got = net.embed(List.of(speech))[0];
            float[][] fb = net.fbank(speech);
            assertThat(fb.length).as("100 frames per second").isBetween(148, 151);
            float[] max = new float[80];
            Arrays.fill(max, Float.NEGATIVE_INFINITY);
            for (float[] frame : fb) {
                for (int m = 0; m < 80; m++) {
                    max[m] = Math.max(max[m], frame[m]);
                }
            }
            float[] expected = new float[192];
            for (int j = 0; j < 192; j++) {
                for (int m = 0; m < 80; m++) {
                    expected[j] += max[m] * w[m][j];
                }
            }
            assertThat(got).hasSize(192);
            assertThat(VoiceVectors.cosine(got, expected)).as("network output = max over time of the fbank x W, normalised").isGreaterThan(0.9999);
        }
        try (NetVoiceEmbedder wrong = new NetVoiceEmbedder(NetModel.load(ModelFile.unchecked(onnx)), 256)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> wrong.embed(List.of(speech)))
                    .hasMessageContaining("192-d").hasMessageContaining("256");
        }
    }

    private double eer(List<float[]> clips, List<String> speakers, java.util.function.BiPredicate<String, String> excluded) {
        return SpeakerTrials.eer(VoiceVectors.centre(embedder.embed(clips)), speakers, excluded);
    }
}

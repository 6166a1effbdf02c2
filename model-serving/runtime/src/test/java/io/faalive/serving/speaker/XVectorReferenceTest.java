package io.faalive.serving.speaker;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.faalive.serving.audio.VoiceVectors;
import io.faalive.serving.runtime.KnownModel;
import io.faalive.serving.testing.AudioFiles;
import io.faalive.serving.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The x-vector pipeline stage by stage against the reference values of an independent
 * implementation of the same contract ({@code ../shared/fixtures/models/speaker/README.md}):
 * resampling, MFCCs, CMN and VAD, chunking, the network's raw output and the final vector,
 * with the tolerances that README gives.
 */
class XVectorReferenceTest {

    private static XVectorEmbedder embedder;
    private static JsonArray entries;

    @BeforeAll
    static void load() throws IOException {
        Path golden = Fixtures.file("models/speaker/golden_xvectors.json");
        Fixtures.model(KnownModel.XVECTOR_NNET);
        entries = JsonParser.parseString(Files.readString(golden)).getAsJsonObject().getAsJsonArray("entries");
        embedder = XVectorEmbedder.load(Device.cpu());
    }

    @AfterAll
    static void close() {
        if (embedder != null) {
            embedder.close();
        }
    }

    private static float[] crop(JsonObject entry) {
        JsonObject input = entry.getAsJsonObject("input");
        float[] all = AudioFiles.read16k(Fixtures.file(entry.get("file").getAsString()));
        int first = input.get("source_first_sample").getAsInt();
        float[] crop = new float[input.get("source_num_samples").getAsInt()];
        System.arraycopy(all, first, crop, 0, Math.min(crop.length, all.length - first));
        return crop;
    }

    @Test
    void resamplingAndFeaturesMatchTheReference() {
        KaldiMfcc mfccs = new KaldiMfcc(KaldiMfcc.read(KnownModel.XVECTOR_MFCC_CONF.file().path()));
        for (JsonElement e : entries) {
            JsonObject entry = e.getAsJsonObject();
            String name = entry.get("file").getAsString() + " @" + entry.getAsJsonObject("input").get("start_s");
            JsonObject input = entry.getAsJsonObject("input");
            float[] at8k = embedder.resample(crop(entry));
            assertThat(at8k.length).as(name).isEqualTo(input.get("num_samples_8k").getAsInt());
            float[] first10 = floats(input.getAsJsonArray("first_10_samples_8k"));
            for (int i = 0; i < 10; i++) {
                assertThat((double) at8k[i]).as(name + " sample " + i).isCloseTo(first10[i], org.assertj.core.data.Offset.offset(0.01));
            }
            double sq = 0;
            for (float v : at8k) {
                sq += v * v;
            }
            assertThat(Math.sqrt(sq / at8k.length)).as(name + " rms").isCloseTo(input.get("rms_8k").getAsDouble(), org.assertj.core.data.Offset.offset(0.01));

            float[][] mfcc = mfccs.compute(at8k);
            assertThat(mfcc.length).as(name).isEqualTo(entry.get("num_mfcc_frames").getAsInt());
            assertClose(Arrays.copyOf(mfcc, 5), matrix(entry.getAsJsonArray("mfcc_first5_before_cmn")), 0.01, name + " mfcc");

            boolean[] voiced = SpeakerFrames.energyVad(mfcc);
            String mask = entry.get("vad_mask").getAsString();
            int flips = 0;
            for (int f = 0; f < voiced.length; f++) {
                flips += voiced[f] == (mask.charAt(f) == '1') ? 0 : 1;
            }
            assertThat(flips).as(name + " VAD frames that differ").isLessThanOrEqualTo(2);
            float[][] speech = SpeakerFrames.select(SpeakerFrames.slidingCmn(mfcc), voiced);
            assertThat(speech.length).as(name + " voiced frames").isCloseTo(entry.get("num_voiced_frames").getAsInt(), org.assertj.core.data.Offset.offset(2));
            assertClose(Arrays.copyOf(speech, 3), matrix(entry.getAsJsonArray("nnet_input_first3_after_cmn_vad")), 0.01, name + " nnet input");

            List<SpeakerFrames.Chunk> chunks = embedder.chunks(crop(entry));
            JsonArray expected = entry.getAsJsonArray("chunks");
            assertThat(chunks).as(name + " chunks").hasSize(expected.size());
            for (int c = 0; c < chunks.size(); c++) {
                assertThat(chunks.get(c).weight()).isEqualTo(expected.get(c).getAsJsonObject().get("frames").getAsInt());
                assertThat(chunks.get(c).frames().length).isEqualTo(expected.get(c).getAsJsonObject().get("padded_to").getAsInt());
            }
        }
    }

    @Test
    void networkOutputAndVectorsMatchTheReference() {
        for (JsonElement e : entries) {
            JsonObject entry = e.getAsJsonObject();
            String name = entry.get("file").getAsString() + " @" + entry.getAsJsonObject("input").get("start_s");
            float[] window = crop(entry);
            List<SpeakerFrames.Chunk> chunks = embedder.chunks(window);
            List<float[][]> frames = new ArrayList<>();
            chunks.forEach(c -> frames.add(c.frames()));
            float[][] raw = embedder.rawVectors(frames);
            float[] mean = new float[raw[0].length];
            int total = chunks.stream().mapToInt(SpeakerFrames.Chunk::weight).sum();
            for (int c = 0; c < raw.length; c++) {
                for (int i = 0; i < mean.length; i++) {
                    mean[i] += raw[c][i] * chunks.get(c).weight() / (float) total;
                }
            }
            float[] expectedRaw = floats(entry.getAsJsonArray("xvector_raw_tdnn6_affine"));
            double max = 0;
            double err = 0;
            for (int i = 0; i < mean.length; i++) {
                max = Math.max(max, Math.abs(expectedRaw[i]));
                err = Math.max(err, Math.abs(expectedRaw[i] - mean[i]));
            }
            assertThat(err).as(name + " raw x-vector max error").isLessThanOrEqualTo(1e-3 * max);

            float[] vector = embedder.embed(List.of(window))[0];
            double cosine = VoiceVectors.cosine(vector, floats(entry.getAsJsonArray("embedding")));
            assertThat(cosine).as(name + " cosine with the reference embedding").isGreaterThanOrEqualTo(0.9999);
            assertThat(VoiceVectors.cosine(vector, vector)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void batchedWindowsGiveTheSameVectorsAsOneByOne() {
        List<float[]> windows = new ArrayList<>();
        for (JsonElement e : entries) {
            windows.add(crop(e.getAsJsonObject()));
        }
        float[][] batched = embedder.embed(windows);
        for (int i = 0; i < windows.size(); i++) {
            float[] alone = embedder.embed(List.of(windows.get(i)))[0];
            assertThat(VoiceVectors.cosine(batched[i], alone)).as("window " + i).isGreaterThan(0.99999);
        }
    }

    private static void assertClose(float[][] actual, float[][] expected, double tolerance, String what) {
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < expected[r].length; c++) {
                assertThat((double) actual[r][c]).as(what + " [" + r + "][" + c + "]")
                        .isCloseTo(expected[r][c], org.assertj.core.data.Offset.offset(tolerance));
            }
        }
    }

    private static float[] floats(JsonArray a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsFloat();
        }
        return out;
    }

    private static float[][] matrix(JsonArray a) {
        float[][] out = new float[a.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = floats(a.get(i).getAsJsonArray());
        }
        return out;
    }
}

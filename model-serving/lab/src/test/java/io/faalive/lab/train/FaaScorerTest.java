package io.faalive.lab.train;

import io.faalive.serving.faa.FaaConfig;
import io.faalive.serving.faa.FaaScorer;
import io.faalive.serving.faa.ModelArtifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faalive.lab.TinyWorlds;
import io.faalive.lab.data.EmbeddingDataset;
import io.faalive.lab.data.Split;
import io.faalive.lab.eval.Evaluation;
import io.faalive.lab.eval.ModelPairScorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training learns without identity labels, is deterministic per seed, and its artifact loads back. */
class FaaScorerTest {

    @TempDir
    static Path dir;
    static EmbeddingDataset world;
    static Path modelDir;
    static float[] scores;

    @BeforeAll
    static void trainTinyModel() throws Exception {
        world = TinyWorlds.world(21);
        modelDir = dir.resolve("model");
        FaaTrainer.Outcome outcome = train(world, 4);
        Split test = world.split("test");
        scores = outcome.model().scoreFusion(java.util.Arrays.copyOf(test.faces(), 50), java.util.Arrays.copyOf(test.voices(), 50));
        outcome.info().version = "tiny";
        ModelArtifact.save(outcome.model(), outcome.info(), modelDir);
        outcome.model().close();
    }

    static FaaTrainer.Outcome train(EmbeddingDataset data, long seed) throws Exception {
        return train(data, seed, 40);
    }

    static FaaTrainer.Outcome train(EmbeddingDataset data, long seed, int epochs) throws Exception {
        FaaConfig config = tinyConfig();
        config.maxEpochs = epochs;
        config.fuseEpochs = Math.max(2, epochs / 2);
        return new FaaTrainer(data, config, seed, s -> { }).train();
    }

    /**
     * The defaults, sized for a tiny world: fewer clusters, smaller batches, validation every 7
     * steps on 2,000 drawn pairs (the default 40,000 would make validation most of the test's time).
     */
    static FaaConfig tinyConfig() {
        FaaConfig config = new FaaConfig();
        config.initialClusters = 200;
        config.minClusters = 100;
        config.batchSize = 64;
        config.evalEverySteps = 7;
        config.validationPairs = 2_000;
        return config;
    }

    @Test
    void trainingLearnsTheAssociationWithoutIdentityLabels() throws IOException {
        try (FaaScorer model = FaaScorer.load(modelDir, 64, 32)) {
            var result = Evaluation.run(world.split("test"), world.trials("test"),
                    new ModelPairScorer(model, world.split("test"), ModelPairScorer.Mode.FUSION));
            assertThat(model.info().validation.get("auc_u")).isGreaterThan(60);
            // after alignment the skip path was chosen on validation: the cosine (0) or a likelihood ratio
            assertThat(model.info().likelihoodRatioRank).isIn(0, 8, 16, 32);
            // which state the kept ratio reads: none with the cosine skip, else the tail, the inputs or both
            if (model.info().likelihoodRatioRank == 0) {
                assertThat(model.info().likelihoodRatioState).isEmpty();
            } else {
                assertThat(model.info().likelihoodRatioState).isIn("tail", "inputs", "inputs+tail");
            }
            assertThat(model.info().validation.get("auc_u_likelihood_ratio"))
                    .isGreaterThanOrEqualTo(model.info().validation.get("auc_u_cosine"));
            assertThat(result.get("verification", "auc_u")).isGreaterThan(60);
            assertThat(result.get("matching", "vf_u")).isGreaterThan(55);
        }
    }

    @Test
    void anUntrainedFusionHeadStartsFromTheAlignedCosine() {
        Split test = world.split("test");
        try (FaaScorer fresh = FaaScorer.untrained(new FaaConfig(), world.faceDim(), world.voiceDim())) {
            float[][] faces = java.util.Arrays.copyOf(test.faces(), 64);
            float[][] voices = java.util.Arrays.copyOf(test.voices(), 64);
            float[] cosine = fresh.scoreCosine(faces, voices);
            float[] logits = fresh.fusionLogits(fresh.encodeFaces(faces), fresh.encodeVoices(voices));
            for (int i = 0; i < cosine.length; i++) {
                assertThat(logits[i]).isCloseTo(10 * cosine[i], org.assertj.core.api.Assertions.within(1e-4f));
            }
        }
    }

    /**
     * The scoring path's rewrites (CLS-only last layer, folded normalisation and biases, the
     * merged quadratic forms) hold for any weights, not only trained ones: every parameter
     * random, 1 to 3 layers, the likelihood ratio reading all columns, the tail's or the inputs'.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"1, all", "2, all", "3, all", "2, tail", "2, inputs"})
    void theScoringPathComputesWhatTheBlockComputesForAnyWeights(int layers, String reads) {
        FaaConfig config = new FaaConfig();
        config.fusionLayers = layers;
        java.util.Random random = new java.util.Random(layers * 31L + reads.length());
        try (FaaScorer model = FaaScorer.untrained(config, 64, 32)) {
            int faceInputs = config.inputColumns(64);
            int voiceInputs = config.inputColumns(32);
            for (var p : model.block().getParameters()) {
                ai.djl.ndarray.NDArray array = p.getValue().getArray();
                float[] values = new float[(int) array.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = p.getKey().endsWith("runningVar") ? 0.5f + random.nextFloat() : 0.1f * (float) random.nextGaussian();
                }
                int inputs = p.getKey().endsWith("lrFaceProj") ? faceInputs : p.getKey().endsWith("lrVoiceProj") ? voiceInputs : -1;
                if (inputs >= 0) {
                    int rank = (int) array.getShape().get(1);
                    int zeroFrom = reads.equals("tail") ? 0 : reads.equals("inputs") ? inputs * rank : values.length;
                    int zeroTo = reads.equals("tail") ? inputs * rank : values.length;
                    java.util.Arrays.fill(values, zeroFrom, zeroTo, 0f);
                }
                array.set(values);
            }
            model.resetStore();
            Split test = world.split("test");
            FaaScorer.Encoded fe = model.encodeFaces(java.util.Arrays.copyOf(test.faces(), 200));
            FaaScorer.Encoded ve = model.encodeVoices(java.util.Arrays.copyOf(test.voices(), 200));
            float[] reference = model.fusionLogitsReference(fe.hidden(), ve.hidden());
            float[] fast = model.fusionLogits(fe, ve);
            double spread = 0;
            for (int i = 0; i < reference.length; i++) {
                assertThat(fast[i]).as("pair %d", i).isCloseTo(reference[i],
                        org.assertj.core.api.Assertions.within(1e-3f * Math.max(1f, Math.abs(reference[i]))));
                spread = Math.max(spread, Math.abs(reference[i] - reference[0]));
            }
            assertThat(spread).as("logits vary (the comparison is not trivial)").isGreaterThan(0.1);
        }
    }

    @Test
    void theScoringPathComputesWhatTheBlockComputes() throws Exception {
        Split test = world.split("test");
        try (FaaScorer model = FaaScorer.load(modelDir)) {
            FaaScorer.Encoded fe = model.encodeFaces(java.util.Arrays.copyOf(test.faces(), 300));
            FaaScorer.Encoded ve = model.encodeVoices(java.util.Arrays.copyOf(test.voices(), 300));
            float[] reference = model.fusionLogitsReference(fe.hidden(), ve.hidden());
            assertThat(model.fusionLogits(fe, ve)).containsExactly(reference, org.assertj.core.api.Assertions.within(1e-3f));
            double spread = 0;
            for (float r : reference) {
                spread = Math.max(spread, Math.abs(r - reference[0]));
            }
            assertThat(spread).as("logits vary (the comparison is not trivial)").isGreaterThan(0.1);
        }
    }

    @Test
    void theSameSeedGivesTheSameModelAndALoadedModelScoresAsTrained() throws Exception {
        Split test = world.split("test");
        try (FaaScorer loaded = FaaScorer.load(modelDir)) {
            float[] again = loaded.scoreFusion(java.util.Arrays.copyOf(test.faces(), 50), java.util.Arrays.copyOf(test.voices(), 50));
            assertThat(again).containsExactly(scores, org.assertj.core.api.Assertions.within(1e-5f));
        }
        // Determinism: two short trainings with one seed give the same model.
        float[][] faces = java.util.Arrays.copyOf(test.faces(), 50);
        float[][] voices = java.util.Arrays.copyOf(test.voices(), 50);
        float[] first;
        try (FaaScorer a = train(world, 9, 3).model()) {
            first = a.scoreFusion(faces, voices);
        }
        try (FaaScorer b = train(world, 9, 3).model()) {
            assertThat(b.scoreFusion(faces, voices)).containsExactly(first, org.assertj.core.api.Assertions.within(1e-5f));
        }
    }

    @Test
    void theEncodersWithAndWithoutTheLinearShortcutTrainAndLoadBack() throws Exception {
        for (boolean shortcut : new boolean[] {true, false}) {
            FaaConfig config = tinyConfig();
            config.linearShortcut = shortcut;
            try (FaaScorer model = FaaScorer.untrained(config, 64, 32)) {
                // every encoder weight is trained while aligning: the shortcuts are encoder weights
                long shortcuts = model.block().getParameters().keys().stream().filter(k -> k.contains("Shortcut")).count();
                assertThat(shortcuts).isEqualTo(shortcut ? 2 : 0);
                model.block().getParameters().keys().stream().filter(k -> k.contains("Shortcut"))
                        .forEach(k -> assertThat(FaaTrainer.encoderParameter(k)).as(k).isTrue());
                assertThat(FaaTrainer.encoderParameter("07faceToken_weight")).isFalse();
            }
            config.maxEpochs = 3;
            config.fuseEpochs = 2;
            FaaTrainer.Outcome outcome = new FaaTrainer(world, config, 3, s -> { }).train();
            Path saved = dir.resolve("shortcut-" + shortcut);
            Split test = world.split("test");
            float[][] faces = java.util.Arrays.copyOf(test.faces(), 40);
            float[][] voices = java.util.Arrays.copyOf(test.voices(), 40);
            float[] trained;
            try (FaaScorer model = outcome.model()) {
                trained = model.scoreFusion(faces, voices);
                ModelArtifact.save(model, outcome.info(), saved);
            }
            try (FaaScorer loaded = FaaScorer.load(saved, 64, 32)) {
                assertThat(loaded.info().config.linearShortcut).isEqualTo(shortcut);
                assertThat(loaded.scoreFusion(faces, voices)).containsExactly(trained, org.assertj.core.api.Assertions.within(1e-5f));
            }
        }
    }

    @Test
    void theFusionPhaseCanBeTrainedAloneOnAnEarlierModelsAlignedEncoders() throws Exception {
        Split test = world.split("test");
        float[][] faces = java.util.Arrays.copyOf(test.faces(), 60);
        float[][] voices = java.util.Arrays.copyOf(test.voices(), 60);
        FaaConfig config = tinyConfig();
        config.fuseEpochs = 2;
        config.ablate("lrskip");
        config.linearShortcut = !config.linearShortcut; // the encoders' shape comes from the source, not the defaults
        try (FaaScorer source = FaaScorer.load(modelDir)) {
            FaaTrainer.Outcome outcome = new FaaTrainer(world, config, 5, s -> { }).alignedFrom(source).train();
            try (FaaScorer refitted = outcome.model()) {
                // the encoders are the source's, to the last bit; the fusion is trained anew
                assertThat(refitted.encodeFaces(faces).embedding()).isDeepEqualTo(source.encodeFaces(faces).embedding());
                // the embedding-only path gives the same embeddings as the full one
                assertThat(refitted.embedFaces(faces)).isDeepEqualTo(refitted.encodeFaces(faces).embedding());
                assertThat(refitted.embedVoices(voices)).isDeepEqualTo(refitted.encodeVoices(voices).embedding());
                assertThat(outcome.info().trainingSecondsByPart).containsKeys("clustering", "fuse steps", "validation");
                assertThat(refitted.scoreCosine(faces, voices)).containsExactly(source.scoreCosine(faces, voices));
                assertThat(outcome.info().alignedFrom).isEqualTo("tiny");
                assertThat(outcome.info().finalClusters).isEqualTo(source.info().finalClusters);
                assertThat(outcome.info().likelihoodRatioRank).as("lrskip ablated: the cosine skip").isZero();
                // the kept checkpoint validates at least where the fusion phase started, the aligned
                // cosine (up to float rounding: at the start the fusion path scores the cosine
                // through its zero head, which can reorder near-ties among the validation pairs)
                assertThat(outcome.info().validation.get("auc_u"))
                        .isGreaterThanOrEqualTo(outcome.info().validation.get("auc_u_cosine") - 1e-3);
                assertThat(outcome.info().validation.get("auc_u_cosine"))
                        .isCloseTo(source.info().validation.get("auc_u_cosine"), org.assertj.core.api.Assertions.within(1e-6));
            }
        }
        FaaConfig baseline = FaaConfig.selfLifting();
        try (FaaScorer source = FaaScorer.load(modelDir)) {
            assertThatThrownBy(() -> new FaaTrainer(world, baseline, 5, s -> { }).alignedFrom(source))
                    .hasMessageContaining("fusion phase only");
        }
    }

    @Test
    void trainingLongerLeavesNoMoreNativeArraysBehind() throws Exception {
        // Each training step used to leave gradient views in the model's manager (and each
        // validated fusion rebuild its intermediates): native memory grew with every step.
        int[] arrays = new int[2];
        int[] steps = new int[2];
        for (int i = 0; i < 2; i++) {
            FaaConfig config = tinyConfig();
            config.maxEpochs = 2 + 3 * i;
            config.fuseEpochs = 2 + 3 * i;
            config.stopPatience = 1000;
            config.fusePatience = 1000;
            FaaTrainer.Outcome outcome = new FaaTrainer(world, config, 3, s -> { }).train();
            try (FaaScorer model = outcome.model()) {
                arrays[i] = model.manager().getManagedArrays().size();
                steps[i] = outcome.info().stepsTrained;
            }
        }
        assertThat(steps[1]).isGreaterThan(2 * steps[0]);
        assertThat(arrays[1]).as("arrays held after %d vs %d steps", steps[1], steps[0]).isEqualTo(arrays[0]);
    }

    @Test
    void missingCorruptOrMismatchedModelsFailWithAClearMessage() throws IOException {
        assertThatThrownBy(() -> FaaScorer.load(dir.resolve("nope"))).hasMessageContaining("does not exist");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> FaaScorer.load(empty)).hasMessageContaining("lacks model.json");
        assertThatThrownBy(() -> FaaScorer.load(modelDir, 512, 192)).hasMessageContaining("expects 64-d faces and 32-d voices");
        Path corrupt = Files.createDirectories(dir.resolve("corrupt"));
        Files.copy(modelDir.resolve(ModelArtifact.INFO), corrupt.resolve(ModelArtifact.INFO));
        Files.write(corrupt.resolve(ModelArtifact.PARAMS), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> FaaScorer.load(corrupt)).hasMessageContaining("corrupt");
    }
}

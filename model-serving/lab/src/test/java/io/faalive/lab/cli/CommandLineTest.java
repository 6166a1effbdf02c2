package io.faalive.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.faalive.lab.TinyWorlds;
import io.faalive.lab.synth.WorldConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The commands a user runs, as they run them: {@code synth}, {@code train} and {@code eval}
 * on a tiny world, end to end through files, and the errors a user can cause, each a clear
 * message and an exit code instead of a stack trace or a silently ignored option.
 */
class CommandLineTest {

    /** The figures the issue asks every evaluation JSON to hold. */
    private static final List<String> REQUIRED = List.of("verification.auc_u", "verification.auc_g",
            "verification.eer_u", "matching.vf_u", "matching.fv_u", "matching.vf_g", "matching.fv_g",
            "retrieval.map_vf", "retrieval.map_fv");

    @TempDir
    static Path dir;

    static Path world;
    static Path model;

    @BeforeAll
    static void synthesiseAndTrain() throws Exception {
        Path config = dir.resolve("tiny-world.json");
        Files.writeString(config, TinyWorlds.config().toJson());
        world = dir.resolve("world");
        model = dir.resolve("model");
        assertThat(SynthCommand.exitCode(new String[] {"--out", world.toString(), "--config", config.toString(),
                "--seed", "3"})).isZero();
        assertThat(TrainCommand.exitCode(new String[] {"--data", world.toString(), "--method", "faa", "--seed", "1",
                "--out", model.toString(), "--max-epochs", "12", "--fuse-epochs", "4", "--batch-size", "64", "--clusters", "100",
                "--validation-pairs", "0"})).isZero();
    }

    @Test
    void synthWritesTheWorldAndTheConfigItWasMadeWith() throws Exception {
        assertThat(world.resolve("dataset.json")).exists();
        WorldConfig written = WorldConfig.load(world.resolve("world.json"));
        assertThat(written.trainIdentities).isEqualTo(TinyWorlds.config().trainIdentities);
        assertThat(written.faceDim).isEqualTo(64);
    }

    @Test
    void trainWritesAVersionedModelWithItsTrainingCurve() throws Exception {
        JsonObject info = new Gson().fromJson(Files.readString(model.resolve("model.json")), JsonObject.class);
        assertThat(info.get("faceDim").getAsInt()).isEqualTo(64);
        assertThat(info.get("voiceDim").getAsInt()).isEqualTo(32);
        assertThat(info.get("version").getAsString()).startsWith("faa-s1-");
        assertThat(info.get("trainingDataFingerprint").getAsString()).hasSize(64);
        assertThat(info.getAsJsonObject("validation").get("auc_u").getAsDouble()).isBetween(50.0, 100.0);
        List<String> curve = Files.readAllLines(model.resolve("training-curve.csv"));
        assertThat(curve.get(0)).startsWith("step,epoch,loss");
        assertThat(curve).hasSizeGreaterThan(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cosine", "fusion", "rerank", "ceiling", "linear"})
    void evalWritesEveryRequiredFigureAndAReport(String scorer) throws Exception {
        Path json = dir.resolve("eval-" + scorer + ".json");
        assertThat(EvalCommand.exitCode(new String[] {"--data", world.toString(), "--model", model.toString(),
                "--scorer", scorer, "--json", json.toString()})).isZero();
        JsonObject result = new Gson().fromJson(Files.readString(json), JsonObject.class);
        for (String key : REQUIRED) {
            String[] parts = key.split("\\.");
            double value = result.getAsJsonObject(parts[0]).get(parts[1]).getAsDouble();
            assertThat(value).as(key).isBetween(0.0, 100.0);
        }
        // every scorer finds the tiny world's signal: AUC-U (percent) above chance by more than
        // three standard errors (one is about 1.8 points on 1,000 balanced pairs); how well
        // training learns is FaaScorerTest's question, this test's is that the commands connect
        assertThat(result.getAsJsonObject("verification").get("auc_u").getAsDouble()).isGreaterThan(55.5);
        for (int n = 2; n <= 10; n++) {
            assertThat(result.getAsJsonObject("matching").has("vf_1to" + n)).as("1:" + n).isTrue();
        }
        // what each figure was measured on, and how precisely (the tiny world: 1,000 pairs, 500
        // matching trials, 50 per N, one retrieval query per test identity)
        JsonObject trials = result.getAsJsonObject("run").getAsJsonObject("trials");
        assertThat(trials.get("auc_u").getAsInt()).isEqualTo(1000);
        assertThat(trials.get("vf_u").getAsInt()).isEqualTo(500);
        assertThat(trials.get("vf_1to10").getAsInt()).isEqualTo(50);
        assertThat(trials.get("map_vf").getAsInt()).isEqualTo(40);
        JsonObject ci = result.getAsJsonObject("run").getAsJsonObject("ci95");
        assertThat(ci.get("auc_u").getAsDouble()).isBetween(1.0, 10.0);
        assertThat(ci.get("vf_1to10").getAsDouble()).isGreaterThan(ci.get("vf_u").getAsDouble());
        Path report = dir.resolve("eval-" + scorer + ".md");
        assertThat(report).exists();
        assertThat(Files.readString(report)).contains(".png");
        assertThat(dir.resolve("eval-" + scorer + "-roc.png")).exists().isNotEmptyFile();
    }

    @Test
    void evalScoresRecomputeEveryFigureAndCompareSetsTwoScorersSideBySide() throws Exception {
        Path fusionJson = dir.resolve("scored-fusion.json");
        Path fusionScores = dir.resolve("scored-fusion.csv.gz");
        Path ceilingScores = dir.resolve("scored-ceiling.csv");
        assertThat(EvalCommand.exitCode(new String[] {"--data", world.toString(), "--model", model.toString(),
                "--scorer", "fusion", "--json", fusionJson.toString(), "--scores", fusionScores.toString()})).isZero();
        assertThat(EvalCommand.exitCode(new String[] {"--data", world.toString(), "--scorer", "ceiling", "--json",
                dir.resolve("scored-ceiling.json").toString(), "--scores", ceilingScores.toString()})).isZero();

        // AUC-U recomputed from the file's rows by counting pairs, outside Metrics: the JSON's figure
        JsonObject json = new Gson().fromJson(Files.readString(fusionJson), JsonObject.class);
        List<String[]> rows = new java.util.ArrayList<>();
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(
                new java.util.zip.GZIPInputStream(Files.newInputStream(fusionScores)), StandardCharsets.UTF_8))) {
            assertThat(in.readLine()).isEqualTo("task,trial,face,voice,match,score");
            in.lines().map(l -> l.split(",")).filter(f -> f[0].equals("verification_u")).forEach(rows::add);
        }
        assertThat(rows).hasSize(1000);
        double wins = 0;
        long pairs = 0;
        for (String[] p : rows) {
            for (String[] n : rows) {
                if (p[4].equals("1") && n[4].equals("0")) {
                    double sp = Double.parseDouble(p[5]);
                    double sn = Double.parseDouble(n[5]);
                    wins += sp > sn ? 1 : sp == sn ? 0.5 : 0;
                    pairs++;
                }
            }
        }
        assertThat(100 * wins / pairs).isCloseTo(
                json.getAsJsonObject("verification").get("auc_u").getAsDouble(), org.assertj.core.data.Offset.offset(1e-9));
        // every figure of the JSON, recomputed from the file
        var recomputed = io.faalive.lab.eval.Evaluation.metrics(io.faalive.lab.eval.TrialScores.read(fusionScores));
        for (String section : List.of("verification", "matching", "retrieval")) {
            for (String key : json.getAsJsonObject(section).keySet()) {
                assertThat(recomputed.get(section, key)).as(section + "." + key)
                        .isEqualTo(json.getAsJsonObject(section).get(key).getAsDouble());
            }
        }

        Path compared = dir.resolve("compare.json");
        assertThat(CompareCommand.exitCode(new String[] {"--a", ceilingScores.toString(), "--b", fusionScores.toString(),
                "--resamples", "200", "--json", compared.toString()})).isZero();
        JsonObject metrics = new Gson().fromJson(Files.readString(compared), JsonObject.class).getAsJsonObject("metrics");
        assertThat(metrics.keySet()).contains("auc_u", "eer_g", "vf_u", "fv_g", "vf_1to10", "map_vf", "map_fv");
        JsonObject auc = metrics.getAsJsonObject("auc_u");
        assertThat(auc.get("b").getAsDouble()).isEqualTo(json.getAsJsonObject("verification").get("auc_u").getAsDouble());
        assertThat(auc.get("difference").getAsDouble()).isBetween(auc.get("low95").getAsDouble(),
                auc.get("high95").getAsDouble());

        // scores of another world's trials cannot be compared with these
        Path otherWorld = dir.resolve("other-world");
        Path config = dir.resolve("tiny-world.json");
        assertThat(SynthCommand.exitCode(new String[] {"--out", otherWorld.toString(), "--config", config.toString(),
                "--seed", "4"})).isZero();
        Path otherScores = dir.resolve("other-ceiling.csv");
        assertThat(EvalCommand.exitCode(new String[] {"--data", otherWorld.toString(), "--scorer", "ceiling", "--json",
                dir.resolve("other-ceiling.json").toString(), "--scores", otherScores.toString()})).isZero();
        Failure other = run(() -> CompareCommand.exitCode(new String[] {"--a", otherScores.toString(),
                "--b", ceilingScores.toString()}));
        assertThat(other.code).isEqualTo(1);
        assertThat(other.stderr).contains("different trials").doesNotContain("\tat ");
        Files.writeString(dir.resolve("not-scores.csv"), "a,b\n1,2\n");
        Failure notScores = run(() -> CompareCommand.exitCode(new String[] {"--a",
                dir.resolve("not-scores.csv").toString(), "--b", ceilingScores.toString()}));
        assertThat(notScores.code).isEqualTo(1);
        assertThat(notScores.stderr).contains("not a trial-scores file").doesNotContain("\tat ");
    }

    @Test
    void aMisspeltOptionIsRefusedNotIgnored() throws Exception {
        Failure f = run(() -> TrainCommand.exitCode(new String[] {"--data", world.toString(), "--out",
                dir.resolve("x").toString(), "--max-epoch", "3"}));
        assertThat(f.code).isEqualTo(2);
        assertThat(f.stderr).contains("unknown option --max-epoch").contains("Usage: bin/faa train");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void helpPrintsTheUsageAndRunsNothing() throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = TrainCommand.exitCode(new String[] {"--help"});
        } finally {
            System.setOut(stdout);
        }
        assertThat(code).isZero();
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("Usage: bin/faa train").contains("--batch-size");
    }

    @Test
    void malformedValuesAreRefusedWithTheOptionNamed() throws Exception {
        String[][] cases = {
            {"--weight-decay", "abc", "--weight-decay must be a number, not 'abc'"},
            {"--linear-shortcut", "yes", "--linear-shortcut must be true or false, not 'yes'"},
            {"--max-epochs", "0", "--max-epochs must be an integer of at least 1"},
            {"--method", "clip", "--method must be faa or sl, not 'clip'"},
            {"--ablate", "dropout", "dropout"},
        };
        for (String[] c : cases) {
            Failure f = run(() -> TrainCommand.exitCode(new String[] {"--data", world.toString(), "--out",
                    dir.resolve("x").toString(), c[0], c[1]}));
            assertThat(f.code).as(c[0]).isEqualTo(2);
            assertThat(f.stderr).as(c[0]).contains(c[2]);
        }
        assertThat(run(() -> EvalCommand.exitCode(new String[] {"--data", world.toString(), "--scorer", "best",
                "--json", dir.resolve("x.json").toString()})).stderr).contains("unknown scorer 'best'");
    }

    @Test
    void inputItCannotUseIsOneLineAndExitCodeOne() throws Exception {
        Failure missing = run(() -> EvalCommand.exitCode(new String[] {"--data", world.toString(), "--model",
                dir.resolve("no-such-model").toString(), "--scorer", "fusion", "--json", dir.resolve("x.json").toString()}));
        assertThat(missing.code).isEqualTo(1);
        assertThat(missing.stderr).contains("does not exist").doesNotContain("\tat ");

        Failure notADataset = run(() -> TrainCommand.exitCode(new String[] {"--data", model.toString(), "--out",
                dir.resolve("x").toString()}));
        assertThat(notADataset.code).isEqualTo(1);
        assertThat(notADataset.stderr).contains("Not an embedding dataset").doesNotContain("\tat ");

        Failure tooSmall = run(() -> TrainCommand.exitCode(new String[] {"--data", world.toString(), "--out",
                dir.resolve("x").toString(), "--batch-size", "1000"}));
        assertThat(tooSmall.code).isEqualTo(1);
        assertThat(tooSmall.stderr).contains("480 videos, fewer than one batch of 1000");
        assertThat(dir.resolve("x")).doesNotExist();

        // a world of other dimensions than the model was trained on
        WorldConfig wide = TinyWorlds.config();
        wide.faceDim = 96;
        Path config = dir.resolve("wide-world.json");
        Files.writeString(config, wide.toJson());
        Path wideWorld = dir.resolve("wide");
        assertThat(SynthCommand.exitCode(new String[] {"--out", wideWorld.toString(), "--config", config.toString()}))
                .isZero();
        Failure mismatch = run(() -> EvalCommand.exitCode(new String[] {"--data", wideWorld.toString(), "--model",
                model.toString(), "--scorer", "cosine", "--json", dir.resolve("x.json").toString()}));
        assertThat(mismatch.code).isEqualTo(1);
        assertThat(mismatch.stderr).contains("expects 64-d faces");
        assertThat(dir.resolve("x.json")).doesNotExist();
    }

    @Test
    void aWorldConfigThatCannotMakeAWorldIsRefusedWithTheFieldNamed() throws Exception {
        String[][] cases = {
            {"{\"trainIdentites\": 50}", "unknown field 'trainIdentites'"},
            {"{\"trainIdentities\": \"many\"}", "is not a world config"},
            {"{\"trainIdentities\": -5}", "trainIdentities must be at least 2, not -5"},
            {"{\"outputNoise\": -1}", "outputNoise must be a finite number of at least 0"},
            {"[1, 2]", "is not a world config"},
        };
        for (String[] c : cases) {
            Path config = dir.resolve("bad-world.json");
            Files.writeString(config, c[0]);
            Failure f = run(() -> SynthCommand.exitCode(new String[] {"--out", dir.resolve("bad").toString(), "--config",
                    config.toString()}));
            assertThat(f.code).as(c[0]).isEqualTo(1);
            assertThat(f.stderr).as(c[0]).contains(c[1]).doesNotContain("\tat ");
        }
        assertThat(dir.resolve("bad")).doesNotExist();
        Failure missing = run(() -> SynthCommand.exitCode(new String[] {"--out", dir.resolve("bad").toString(),
                "--config", dir.resolve("no-such.json").toString()}));
        assertThat(missing.stderr).contains("no such file or folder: " + dir.resolve("no-such.json"));
        Path empty = Files.createDirectories(dir.resolve("no-results"));
        Failure nothing = run(() -> SummarizeCommand.exitCode(new String[] {"--results", empty.toString()}));
        assertThat(nothing.code).isEqualTo(1);
        assertThat(nothing.stderr).contains("no evaluation under");
    }

    private record Failure(int code, String stderr) {}

    private interface ExitCode {
        int run() throws Exception;
    }

    private static Failure run(ExitCode command) throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int code = command.run();
            return new Failure(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(stderr);
        }
    }
}

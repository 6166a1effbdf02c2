package io.faalive.loadtest.cli;

import io.faalive.lab.cli.BenchClusterCommand;
import io.faalive.lab.cli.BenchScoreCommand;
import io.faalive.lab.cli.CompareCommand;
import io.faalive.lab.cli.EvalCommand;
import io.faalive.lab.cli.ImportCommand;
import io.faalive.lab.cli.SummarizeCommand;
import io.faalive.lab.cli.SynthCommand;
import io.faalive.lab.cli.TrainCommand;
import io.faalive.loadtest.bench.DecodeBenchmark;
import io.faalive.loadtest.bench.PerceptionBenchmark;
import io.faalive.loadtest.bench.VoiceBenchmark;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine;

/**
 * Commands that read their own arguments (the benchmarks and the research commands of
 * model-serving/lab, which print their own usage on {@code --help}), listed here so that
 * {@code bin/faa help} names every command; and the launcher's own commands, which run in bin/faa.
 */
final class PassThrough {

    private PassThrough() {}

    @FunctionalInterface
    interface Main {
        void run(String[] args) throws Exception;
    }

    static void addBenchmarks(CommandLine cli) {
        // these take only options with values; --help is answered here
        add(cli, "bench-decode", true, DecodeBenchmark::main, "Decode benchmark: DecodeChunk vs the ffmpeg command line on a 720p 25 fps H.264 stream, one core. Options: --seconds S, --repeats R.");
        add(cli, "bench-perception", true, PerceptionBenchmark::main, "Perception cost per stage and in total vs decode alone (720p 25 fps, analysed at 5 fps), face embedding at batch 1 vs 32. Options: --repeats R.");
        add(cli, "bench-voice", true, VoiceBenchmark::main, "Speaker-encoder cost per 1.5-s window and per 4-s segment, batch 1 and batched, on one core. Options: --repeats R, --batch 32, --json OUT.");
    }

    static void addLab(CommandLine cli) {
        add(cli, "synth", false, SynthCommand::main, "Writes a synthetic identity world (FAA research; --help for its options).");
        add(cli, "train", false, TrainCommand::main, "Trains FAA or the Self-Lifting baseline without identity labels.");
        add(cli, "eval", false, EvalCommand::main, "The FAA paper's evaluation protocol on a dataset's test split.");
        add(cli, "import-voxceleb", false, ImportCommand::main, "Pre-extracted VoxCeleb1 features to the dataset format.");
        add(cli, "summarize", false, SummarizeCommand::main, "Mean and std over seeds of evaluation results.");
        add(cli, "compare", false, CompareCommand::main, "Two evaluations' trial scores, each figure's difference with a paired bootstrap interval.");
        add(cli, "bench-score", false, BenchScoreCommand::main, "FAA fusion vs cosine scoring throughput.");
        add(cli, "bench-cluster", false, BenchClusterCommand::main, "Training's k-means at the default world's sizes.");
    }

    static void addLauncherCommands(CommandLine cli) {
        Main launcher = args -> {
            throw new IllegalStateException("this command runs in the launcher: use bin/faa");
        };
        add(cli, "test", true, launcher, "Runs every test (mvn -B verify), exactly as CI does.");
        add(cli, "build", true, launcher, "Builds everything (skips tests).");
        add(cli, "job-jar", true, launcher, "Builds and prints the shaded job jar and the jars for Flink's lib/ folder.");
    }

    @SuppressWarnings("unchecked")
    private static void add(CommandLine cli, String name, boolean helpHere, Main main, String... description) {
        List<String> received = new ArrayList<>();
        CommandSpec spec = CommandSpec.wrapWithoutInspection((Callable<Integer>) () -> {
            main.run(received.toArray(new String[0]));
            return 0;
        });
        spec.name(name).usageMessage().description(description);
        spec.addPositional(PositionalParamSpec.builder().paramLabel("ARGS").arity("0..*").type(List.class)
                .auxiliaryTypes(String.class).description("Passed to the command as written.")
                .setter(new ISetter() {
                    @Override
                    public <T> T set(T value) {
                        received.clear();
                        if (value != null) {
                            received.addAll((List<String>) value);
                        }
                        return null;
                    }
                }).build());
        spec.parser().unmatchedOptionsArePositionalParams(true);
        if (helpHere) {
            spec.mixinStandardHelpOptions(true);
        }
        cli.addSubcommand(name, new CommandLine(spec));
    }
}

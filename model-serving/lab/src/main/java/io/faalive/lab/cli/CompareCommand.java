package io.faalive.lab.cli;

import io.faalive.lab.eval.PairedComparison;
import io.faalive.lab.eval.TrialScores;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/faa compare --a SCORES --b SCORES}: two evaluations of the same trials (the files
 * {@code bin/faa eval --scores} writes) compared figure by figure, with a paired bootstrap 95%
 * interval of each difference, as a Markdown table (and JSON with {@code --json}).
 */
public final class CompareCommand {

    private static final String USAGE = "Usage: bin/faa compare --a SCORES --b SCORES [--resamples 1000] [--seed 1] "
            + "[--json OUT.json]\nSCORES: trial scores written by bin/faa eval (its scores option) on the same data and split.";

    private CompareCommand() {}

    public static void main(String[] argv) throws Exception {
        Command.main(argv, USAGE, CompareCommand::run);
    }

    /** Runs the command in this process; the exit code {@code main} would end with. */
    static int exitCode(String[] argv) throws Exception {
        return Command.exitCode(argv, USAGE, CompareCommand::run);
    }

    private static void run(Args args) throws Exception {
        Path a = Path.of(args.required("a"));
        Path b = Path.of(args.required("b"));
        int resamples = args.getInt("resamples", 1000, 1);
        long seed = args.getLong("seed", 1);
        List<PairedComparison.Difference> diffs = PairedComparison.compare(TrialScores.read(a), TrialScores.read(b),
                resamples, seed);
        System.out.printf("A = %s%nB = %s%npaired bootstrap over the test trials, %d resamples (seed %d); percent; "
                + "EER: lower is better, so a negative A − B favours A%n%n",
                a, b, resamples, seed);
        System.out.println("| metric | trials | A | B | A − B | 95% interval of A − B | resamples with A > B |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (PairedComparison.Difference d : diffs) {
            System.out.printf("| %s | %d | %.2f | %.2f | %+.2f | [%+.2f, %+.2f] | %.1f%% |%n", d.metric(), d.trials(),
                    d.a(), d.b(), d.difference(), d.low95(), d.high95(), 100 * d.shareAbove());
        }
        if (args.has("json")) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("a", a.toString());
            out.put("b", b.toString());
            out.put("resamples", resamples);
            out.put("seed", seed);
            Map<String, Object> metrics = new LinkedHashMap<>();
            for (PairedComparison.Difference d : diffs) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("trials", d.trials());
                m.put("a", d.a());
                m.put("b", d.b());
                m.put("difference", d.difference());
                m.put("low95", d.low95());
                m.put("high95", d.high95());
                m.put("share_a_above", d.shareAbove());
                metrics.put(d.metric(), m);
            }
            out.put("metrics", metrics);
            Path json = Path.of(args.required("json"));
            Command.writeJson(json, out);
            System.out.println("\nWrote " + json);
        }
    }
}

package io.faalive.lab.cli;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code bin/faa summarize --results DIR}: mean and standard deviation over seeds of every
 * metric of the evaluation JSON files under DIR/&lt;run&gt;/seed*&#47;eval.json, and the share of
 * the SL-to-ceiling gap each run closes (DIR/sl and DIR/ceiling give the two ends), as a
 * Markdown table on standard output; then, for every run that shares training seeds with
 * DIR/faa, the paired differences run minus faa on those seeds (an ablation's cost measured
 * on the same seeds, free of the spread between seeds).
 */
public final class SummarizeCommand {

    private static final List<String[]> METRICS = List.of(
            new String[] {"verification", "auc_u"}, new String[] {"verification", "auc_g"},
            new String[] {"verification", "eer_u"}, new String[] {"verification", "eer_g"},
            new String[] {"matching", "vf_u"}, new String[] {"matching", "fv_u"},
            new String[] {"matching", "vf_g"}, new String[] {"matching", "fv_g"},
            new String[] {"matching", "vf_1to10"},
            new String[] {"retrieval", "map_vf"}, new String[] {"retrieval", "map_fv"});

    private static final String USAGE = "Usage: bin/faa summarize --results DIR";

    private SummarizeCommand() {}

    public static void main(String[] argv) throws Exception {
        Command.main(argv, USAGE, SummarizeCommand::run);
    }

    /** Runs the command in this process; the exit code {@code main} would end with. */
    static int exitCode(String[] argv) throws Exception {
        return Command.exitCode(argv, USAGE, SummarizeCommand::run);
    }

    private static void run(Args args) throws Exception {
        Path root = Path.of(args.required("results"));
        Map<String, List<JsonObject>> runs = new LinkedHashMap<>();
        Map<String, Map<String, JsonObject>> bySeed = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(root, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals("eval.json")).sorted().toList()) {
                Path relative = root.relativize(f);
                String run = relative.getName(0).toString();
                JsonObject result = new Gson().fromJson(Files.readString(f), JsonObject.class);
                runs.computeIfAbsent(run, k -> new ArrayList<>()).add(result);
                if (relative.getNameCount() == 3) {
                    bySeed.computeIfAbsent(run, k -> new LinkedHashMap<>()).put(relative.getName(1).toString(), result);
                }
            }
        }
        if (runs.isEmpty()) {
            throw new java.io.IOException("no evaluation under " + root + ": expected " + root
                    + "/<run>/seed<N>/eval.json (or <run>/eval.json) as bin/faa eval writes with --json");
        }
        double slAuc = mean(runs.get("sl"), "verification", "auc_u");
        double ceilingAuc = mean(runs.get("ceiling"), "verification", "auc_u");
        StringBuilder header = new StringBuilder("| run | seeds |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (String[] m : METRICS) {
            header.append(' ').append(m[1]).append(" |");
            rule.append("---|");
        }
        header.append(" gap closed (AUC-U) |");
        rule.append("---|");
        System.out.println(header);
        System.out.println(rule);
        for (var e : runs.entrySet()) {
            StringBuilder row = new StringBuilder("| " + e.getKey() + " | " + e.getValue().size() + " |");
            for (String[] m : METRICS) {
                double[] v = e.getValue().stream().mapToDouble(j -> value(j, m[0], m[1])).toArray();
                row.append(String.format(" %.2f ± %.2f |", mean(v), std(v)));
            }
            double gap = Double.isNaN(slAuc) || Double.isNaN(ceilingAuc) ? Double.NaN
                    : (mean(e.getValue(), "verification", "auc_u") - slAuc) / (ceilingAuc - slAuc);
            row.append(Double.isNaN(gap) ? " - |" : String.format(" %.0f%% |", 100 * gap));
            System.out.println(row);
        }
        printPairedDifferences(bySeed);
        printMarginsAgainstThePaper(bySeed);
    }

    /**
     * FAA minus SL on the same seeds, on the three figures the paper reports its margins in
     * (verification AUC, 1:2 matching, retrieval mAP; U trials, the two directions averaged),
     * next to those margins: the reference for users' real features.
     */
    private static void printMarginsAgainstThePaper(Map<String, Map<String, JsonObject>> bySeed) {
        Map<String, JsonObject> faa = bySeed.get("faa");
        Map<String, JsonObject> sl = bySeed.get("sl");
        if (faa == null || sl == null) {
            return;
        }
        List<String> seeds = faa.keySet().stream().filter(sl::containsKey).toList();
        if (seeds.isEmpty()) {
            return;
        }
        String[][][] figures = {{{"verification", "auc_u"}}, {{"matching", "vf_u"}, {"matching", "fv_u"}},
            {{"retrieval", "map_vf"}, {"retrieval", "map_fv"}}};
        StringBuilder row = new StringBuilder("| faa − sl | " + seeds.size() + " |");
        for (String[][] figure : figures) {
            double[] d = seeds.stream().mapToDouble(seed -> average(faa.get(seed), figure)
                    - average(sl.get(seed), figure)).toArray();
            row.append(String.format(" %+.2f ± %.2f |", mean(d), std(d)));
        }
        System.out.println("\n| margin (same seeds) | seeds | verification AUC-U | 1:2 matching U (V-F, F-V) | mAP (V→F, F→V) |");
        System.out.println("|---|---|---|---|---|");
        System.out.println(row);
        System.out.println("| paper: FAA over its baseline on VoxCeleb (arXiv 2404.09509) | - | about +3 | about +2.5 | about +1.3 |");
    }

    private static double average(JsonObject j, String[][] metrics) {
        return mean(java.util.Arrays.stream(metrics).mapToDouble(m -> value(j, m[0], m[1])).toArray());
    }

    /** Run minus faa on each training seed both have, mean ± standard deviation over those seeds. */
    private static void printPairedDifferences(Map<String, Map<String, JsonObject>> bySeed) {
        Map<String, JsonObject> reference = bySeed.get("faa");
        if (reference == null) {
            return;
        }
        StringBuilder header = new StringBuilder("\n| run − faa (same seeds) | seeds |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (String[] m : METRICS) {
            header.append(' ').append(m[1]).append(" |");
            rule.append("---|");
        }
        System.out.println(header);
        System.out.println(rule);
        for (var e : bySeed.entrySet()) {
            List<String> seeds = e.getValue().keySet().stream().filter(reference::containsKey).toList();
            if (e.getKey().equals("faa") || seeds.isEmpty()) {
                continue;
            }
            StringBuilder row = new StringBuilder("| " + e.getKey() + " | " + seeds.size() + " |");
            for (String[] m : METRICS) {
                double[] d = seeds.stream().mapToDouble(seed -> value(e.getValue().get(seed), m[0], m[1])
                        - value(reference.get(seed), m[0], m[1])).toArray();
                row.append(String.format(" %+.2f ± %.2f |", mean(d), std(d)));
            }
            System.out.println(row);
        }
    }

    private static double value(JsonObject j, String section, String metric) {
        JsonObject s = j.getAsJsonObject(section);
        return s != null && s.has(metric) ? s.get(metric).getAsDouble() : Double.NaN;
    }

    private static double mean(List<JsonObject> runs, String section, String metric) {
        return runs == null ? Double.NaN : mean(runs.stream().mapToDouble(j -> value(j, section, metric)).toArray());
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double std(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}

package io.faalive.lab.cli;

import io.faalive.lab.data.DatasetIO;
import io.faalive.lab.data.EmbeddingDataset;
import io.faalive.lab.data.Split;
import io.faalive.lab.eval.Evaluation;
import io.faalive.lab.eval.ModelPairScorer;
import io.faalive.lab.eval.PairScorer;
import io.faalive.lab.eval.Report;
import io.faalive.lab.eval.TrialScores;
import io.faalive.serving.faa.FaaScorer;
import io.faalive.lab.synth.CeilingScorer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code bin/faa eval --data DIR --scorer cosine|fusion|rerank|ceiling|linear [--model DIR] --json OUT}:
 * the paper's protocol on the test split; writes the metrics as JSON and a Markdown report
 * with the ROC curve (and the model's training curves) as PNG next to it.
 */
public final class EvalCommand {

    private static final String USAGE = "Usage: bin/faa eval --data DIR --scorer cosine|fusion|rerank|ceiling|linear "
            + "[--model MODEL_DIR] --json OUT.json [--split test] [--scores OUT.csv.gz]\n"
            + "ceiling needs no model and works on synthetic worlds only; linear (CCA + likelihood ratio on the "
            + "input vectors, no labels) needs no model.\n"
            + "--scores writes every trial's score (CSV, gzip when the name ends in .gz): every figure can be "
            + "recomputed from it, and bin/faa compare sets two scorers' files side by side.";

    private EvalCommand() {}

    public static void main(String[] argv) throws Exception {
        Command.main(argv, USAGE, EvalCommand::run);
    }

    /** Runs the command in this process; the exit code {@code main} would end with. */
    static int exitCode(String[] argv) throws Exception {
        return Command.exitCode(argv, USAGE, EvalCommand::run);
    }

    private static void run(Args args) throws Exception {
        EmbeddingDataset data = DatasetIO.read(Path.of(args.required("data")));
        String scorerName = args.required("scorer");
        Path json = Path.of(args.required("json"));
        String splitName = args.get("split", "test");
        Split split = data.split(splitName);
        FaaScorer model = null;
        PairScorer scorer;
        if (scorerName.equals("ceiling")) {
            CeilingScorer ceiling = new CeilingScorer(data);
            scorer = (faces, voices) -> {
                double[] s = new double[faces.length];
                for (int i = 0; i < s.length; i++) {
                    s[i] = ceiling.score(split.faces()[faces[i]], split.voices()[voices[i]]);
                }
                return s;
            };
        } else if (scorerName.equals("linear")) {
            scorer = io.faalive.lab.eval.LinearScorer.fit(data, split);
        } else {
            ModelPairScorer.Mode mode = switch (scorerName) {
                case "cosine" -> ModelPairScorer.Mode.COSINE;
                case "fusion" -> ModelPairScorer.Mode.FUSION;
                case "rerank" -> ModelPairScorer.Mode.RERANK;
                default -> throw args.fail("unknown scorer '" + scorerName + "'");
            };
            model = FaaScorer.load(Path.of(args.required("model")), data.faceDim(), data.voiceDim());
            scorer = new ModelPairScorer(model, split, mode);
        }
        long t0 = System.nanoTime();
        TrialScores scores = Evaluation.score(split, data.trials(splitName), scorer);
        Evaluation.Result result = Evaluation.metrics(scores);
        Map<String, Object> out = new LinkedHashMap<>(result.metrics());
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("scorer", scorerName);
        about.put("split", splitName);
        about.put("data", args.required("data"));
        about.put("model", model == null ? null : args.required("model"));
        about.put("modelVersion", model == null ? null : model.info().version);
        about.put("seconds", (System.nanoTime() - t0) / 1e9);
        // per metric: trials (retrieval: queries) and the 95% interval's half-width in points
        about.put("trials", result.trials());
        about.put("ci95", result.halfWidth95());
        out.put("run", about);
        String scoresFile = args.get("scores", null);
        if (scoresFile != null) {
            scores.write(Path.of(scoresFile));
            about.put("scores", scoresFile);
        }
        Command.writeJson(json, out);
        Path report = Report.write(json, result, scorerName, model == null ? null : Path.of(args.required("model")));
        System.out.printf("%s on %s: AUC-U %.2f  AUC-G %.2f  EER-U %.2f  1:2 V-F %.2f  F-V %.2f  mAP V->F %.2f  F->V %.2f%n",
                scorerName, splitName, result.get("verification", "auc_u"), result.get("verification", "auc_g"),
                result.get("verification", "eer_u"), result.get("matching", "vf_u"), result.get("matching", "fv_u"),
                result.get("retrieval", "map_vf"), result.get("retrieval", "map_fv"));
        System.out.println("Wrote " + json + " and " + report + (scoresFile != null ? " and " + scoresFile : ""));
        if (model != null) {
            model.close();
        }
    }
}

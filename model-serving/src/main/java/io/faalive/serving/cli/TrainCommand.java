package io.faalive.serving.cli;

import io.faalive.serving.data.DatasetIO;
import io.faalive.serving.data.EmbeddingDataset;
import io.faalive.serving.faa.FaaConfig;
import io.faalive.serving.faa.FaaScorer;
import io.faalive.serving.faa.FaaTrainer;
import io.faalive.serving.faa.ModelArtifact;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code bin/faa train --data DIR --method faa|sl --seed N --out MODEL_DIR [--ablate a,b]}:
 * trains without identity labels and writes a model directory with its training curve.
 * {@code --aligned-from MODEL_DIR} skips the alignment and trains FAA's fusion phase on the
 * encoders of an earlier model (the fusion-side ablations on the very same encoders).
 */
public final class TrainCommand {

    private static final String USAGE = "Usage: bin/faa train --data DIR --method faa|sl --seed N --out MODEL_DIR "
            + "[--ablate hardneg,diversepos,progressive,fusion,lrskip,inputs] [--face-encoder ID] "
            + "[--voice-encoder ID] [--max-epochs N] [--clusters K] [--weight-decay W] [--input-dropout P] "
            + "[--linear-shortcut true|false] [--aligned-from MODEL_DIR] [--fuse-epochs N] [--fuse-patience N] "
            + "[--validation-pairs N (0: the dataset's validation list)]";

    private TrainCommand() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, USAGE);
        Path dataDir = Path.of(args.required("data"));
        Path out = Path.of(args.required("out"));
        long seed = args.getLong("seed", 1);
        String method = args.get("method", "faa");
        FaaConfig config = switch (method) {
            case "faa" -> new FaaConfig();
            case "sl" -> FaaConfig.selfLifting();
            default -> {
                args.fail("--method must be faa or sl, not '" + method + "'");
                yield null;
            }
        };
        if (args.has("ablate")) {
            if (!method.equals("faa")) {
                args.fail("--ablate applies to --method faa");
            }
            for (String part : args.get("ablate", "").split(",")) {
                try {
                    config.ablate(part.trim());
                } catch (IllegalArgumentException e) {
                    args.fail(e.getMessage());
                }
            }
        }
        config.maxEpochs = (int) args.getLong("max-epochs", config.maxEpochs);
        config.fuseEpochs = (int) args.getLong("fuse-epochs", config.fuseEpochs);
        config.fusePatience = (int) args.getLong("fuse-patience", config.fusePatience);
        config.validationPairs = (int) args.getLong("validation-pairs", config.validationPairs);
        if (config.validationPairs < 0) {
            args.fail("--validation-pairs must be at least 0 (0: the dataset's own validation list)");
        }
        if (config.maxEpochs < 1 || config.fuseEpochs < 0 || config.fusePatience < 1) {
            args.fail("--max-epochs and --fuse-patience must be at least 1 and --fuse-epochs at least 0 (0: the "
                    + "fusion phase keeps the fitted skip path and does not train the transformer)");
        }
        if (args.has("weight-decay")) {
            config.weightDecay = Float.parseFloat(args.get("weight-decay", "0"));
        }
        if (args.has("cross-modal-only")) {
            config.msCrossModalOnly = Boolean.parseBoolean(args.get("cross-modal-only", "true"));
        }
        if (args.has("linear-shortcut")) {
            config.linearShortcut = Boolean.parseBoolean(args.get("linear-shortcut", "false"));
        }
        if (args.has("input-dropout")) {
            config.inputDropout = Float.parseFloat(args.get("input-dropout", "0.5"));
        }
        if (args.has("clusters")) {
            config.initialClusters = (int) args.getLong("clusters", config.initialClusters);
            config.minClusters = Math.min(config.minClusters, config.initialClusters);
        }
        EmbeddingDataset data = DatasetIO.read(dataDir);
        System.err.printf("Training %s%s on %s (seed %d)%n", method,
                args.has("ablate") ? " without " + args.get("ablate", "") : "", dataDir, seed);
        FaaTrainer trainer = new FaaTrainer(data, config, seed, System.err::print);
        FaaScorer aligned = null;
        if (args.has("aligned-from")) {
            List<String> ablated = List.of(args.get("ablate", "").split(","));
            if (!method.equals("faa") || ablated.contains("progressive") || ablated.contains("fusion")) {
                args.fail("--aligned-from trains FAA's fusion phase only: it takes --method faa and no alignment ablation "
                        + "(progressive, fusion)");
            }
            Path alignedDir = Path.of(args.required("aligned-from"));
            try {
                aligned = FaaScorer.load(alignedDir, data.faceDim(), data.voiceDim());
            } catch (java.io.IOException e) {
                args.fail("--aligned-from: " + e.getMessage());
            }
            trainer.alignedFrom(aligned);
        }
        FaaTrainer.Outcome outcome = trainer.train();
        if (aligned != null) {
            aligned.close();
        }
        outcome.info().version = method + (args.has("ablate") ? "-no-" + args.get("ablate", "").replace(',', '-') : "")
                + (aligned != null ? "-fusion-only" : "") + "-s" + seed + "-" + java.time.LocalDate.now();
        outcome.info().trainingDataFingerprint = DatasetIO.fingerprint(dataDir);
        outcome.info().faceEncoderId = args.get("face-encoder", data.source() + ":face");
        outcome.info().voiceEncoderId = args.get("voice-encoder", data.source() + ":voice");
        ModelArtifact.save(outcome.model(), outcome.info(), out);
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve("training-curve.csv"))) {
            w.write("step,epoch,loss,ms_loss,fvm_loss,val_auc_u,clusters\n");
            for (FaaTrainer.CurvePoint p : outcome.curve()) {
                w.write(String.format(java.util.Locale.ROOT, "%d,%d,%.5f,%.5f,%.5f,%.3f,%d%n", p.step(), p.epoch(),
                        p.loss(), p.msLoss(), p.fvmLoss(), p.valAuc(), p.clusters()));
            }
        }
        outcome.model().close();
        System.out.println("Wrote model " + outcome.info().version + " to " + out);
    }
}

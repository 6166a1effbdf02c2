package io.faalive.lab.cli;

import io.faalive.lab.data.DatasetIO;
import io.faalive.lab.data.HarvestedSamples;
import io.faalive.lab.data.EmbeddingDataset;
import io.faalive.serving.faa.FaaConfig;
import io.faalive.serving.faa.FaaScorer;
import io.faalive.lab.train.FaaTrainer;
import io.faalive.serving.faa.ModelArtifact;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code bin/faa train --data DIR --method faa|sl --seed N --out MODEL_DIR [--ablate a,b]}:
 * trains without identity labels and writes a model directory with its training curve.
 * {@code --samples FILE[,FILE...]} instead of {@code --data} trains on samples the job harvested
 * from its own traffic ({@link HarvestedSamples}); the model then names the encoders they came from.
 * {@code --aligned-from MODEL_DIR} skips the alignment and trains FAA's fusion phase on the
 * encoders of an earlier model (the fusion-side ablations on the very same encoders).
 */
public final class TrainCommand {

    private static final String USAGE = "Usage: bin/faa train (--data DIR | --samples FILE[,FILE...]) --method faa|sl --seed N --out MODEL_DIR\n"
            + "    [--ablate hardneg,diversepos,progressive,fusion,lrskip,inputs] [--aligned-from MODEL_DIR]\n"
            + "    [--face-encoder ID] [--voice-encoder ID] [--max-epochs N] [--fuse-epochs N] [--fuse-patience N]\n"
            + "    [--batch-size N] [--clusters K] [--weight-decay W] [--input-dropout P]\n"
            + "    [--linear-shortcut true|false] [--cross-modal-only true|false]\n"
            + "    [--validation-pairs N (0: the dataset's validation list)]";

    private TrainCommand() {}

    public static void main(String[] argv) throws Exception {
        Command.main(argv, USAGE, TrainCommand::run);
    }

    /** Runs the command in this process; the exit code {@code main} would end with. */
    public static int exitCode(String[] argv) throws Exception {
        return Command.exitCode(argv, USAGE, TrainCommand::run);
    }

    private static void run(Args args) throws Exception {
        if (args.has("data") == args.has("samples")) {
            throw args.fail("give either --data DIR or --samples FILE[,FILE...]");
        }
        Path out = Path.of(args.required("out"));
        long seed = args.getLong("seed", 1);
        String method = args.get("method", "faa");
        FaaConfig config = switch (method) {
            case "faa" -> new FaaConfig();
            case "sl" -> FaaConfig.selfLifting();
            default -> throw args.fail("--method must be faa or sl, not '" + method + "'");
        };
        if (args.has("ablate")) {
            if (!method.equals("faa")) {
                throw args.fail("--ablate applies to --method faa");
            }
            for (String part : args.get("ablate", "").split(",")) {
                try {
                    config.ablate(part.trim());
                } catch (IllegalArgumentException e) {
                    throw args.fail(e.getMessage());
                }
            }
        }
        config.maxEpochs = args.getInt("max-epochs", config.maxEpochs, 1);
        // the multi-similarity loss needs several pseudo-labels with two or more members in a batch
        config.batchSize = args.getInt("batch-size", config.batchSize, 8);
        // 0 fusion epochs: the fusion phase keeps the fitted skip path and does not train the transformer
        config.fuseEpochs = args.getInt("fuse-epochs", config.fuseEpochs, 0);
        config.fusePatience = args.getInt("fuse-patience", config.fusePatience, 1);
        // 0: the dataset's own validation list
        config.validationPairs = args.getInt("validation-pairs", config.validationPairs, 0);
        config.weightDecay = args.getFloat("weight-decay", config.weightDecay, 0f, 1f);
        config.msCrossModalOnly = args.getBoolean("cross-modal-only", config.msCrossModalOnly);
        config.linearShortcut = args.getBoolean("linear-shortcut", config.linearShortcut);
        config.inputDropout = args.getFloat("input-dropout", config.inputDropout, 0f, 0.95f);
        if (args.has("clusters")) {
            config.initialClusters = args.getInt("clusters", config.initialClusters, 2);
            config.minClusters = Math.min(config.minClusters, config.initialClusters);
        }
        HarvestedSamples.Source[] harvested = new HarvestedSamples.Source[1];
        EmbeddingDataset data;
        String dataName;
        if (args.has("samples")) {
            List<Path> files = java.util.Arrays.stream(args.get("samples", "").split(",")).map(String::trim).map(Path::of).toList();
            data = HarvestedSamples.read(files, harvested);
            dataName = harvested[0].samples() + " harvested samples";
            if (config.validationPairs == 0) {
                // no identity labels, so no validation list of its own: pairs are drawn from the validation samples
                config.validationPairs = 2000;
            }
            // a deployment's harvest is small next to a research dataset: batches and clusters sized to it unless given
            int videos = data.split("train").videos().length;
            if (!args.has("batch-size")) {
                config.batchSize = Math.max(4, Math.min(config.batchSize, videos));
            }
            if (!args.has("clusters")) {
                config.initialClusters = Math.max(2, Math.min(config.initialClusters, videos / 3));
                config.minClusters = Math.min(config.minClusters, config.initialClusters);
            }
        } else {
            data = DatasetIO.read(Path.of(args.required("data")));
            dataName = args.required("data");
        }
        System.err.printf("Training %s%s on %s (seed %d)%n", method,
                args.has("ablate") ? " without " + args.get("ablate", "") : "", dataName, seed);
        FaaTrainer trainer = new FaaTrainer(data, config, seed, System.err::print);
        FaaScorer aligned = null;
        if (args.has("aligned-from")) {
            List<String> ablated = List.of(args.get("ablate", "").split(","));
            if (!method.equals("faa") || ablated.contains("progressive") || ablated.contains("fusion")) {
                throw args.fail("--aligned-from trains FAA's fusion phase only: it takes --method faa and no alignment ablation "
                        + "(progressive, fusion)");
            }
            Path alignedDir = Path.of(args.required("aligned-from"));
            try {
                aligned = FaaScorer.load(alignedDir, data.faceDim(), data.voiceDim());
            } catch (java.io.IOException e) {
                throw new java.io.IOException("--aligned-from: " + e.getMessage(), e);
            }
            trainer.alignedFrom(aligned);
        }
        FaaTrainer.Outcome outcome = trainer.train();
        if (aligned != null) {
            aligned.close();
        }
        outcome.info().version = method + (args.has("ablate") ? "-no-" + args.get("ablate", "").replace(',', '-') : "")
                + (aligned != null ? "-fusion-only" : "") + "-s" + seed + "-" + java.time.LocalDate.now();
        if (harvested[0] != null) {
            outcome.info().trainingDataFingerprint = "sha256:" + harvested[0].fingerprint();
            outcome.info().faceEncoderId = args.get("face-encoder", harvested[0].faceEncoderId());
            outcome.info().voiceEncoderId = args.get("voice-encoder", harvested[0].voiceEncoderId());
        } else {
            outcome.info().trainingDataFingerprint = DatasetIO.fingerprint(Path.of(args.required("data")));
            outcome.info().faceEncoderId = args.get("face-encoder", data.source() + ":face");
            outcome.info().voiceEncoderId = args.get("voice-encoder", data.source() + ":voice");
        }
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

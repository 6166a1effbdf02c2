package io.faalive.lab.cli;

import io.faalive.lab.data.DatasetIO;
import io.faalive.lab.data.EmbeddingDataset;
import io.faalive.lab.synth.SyntheticWorld;
import io.faalive.lab.synth.WorldConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code bin/faa synth --out DIR [--config FILE] [--seed N]}: writes a synthetic identity world. */
public final class SynthCommand {

    private static final String USAGE = "Usage: bin/faa synth --out DIR [--config world.json] [--seed N]\n"
            + "Writes a synthetic identity world (embeddings, identities, trials, latents) in the dataset format of\n"
            + "model-serving/DATASET.md. Without --config the documented defaults (model-serving/SYNTH.md) are used.";

    private SynthCommand() {}

    public static void main(String[] argv) throws Exception {
        Command.main(argv, USAGE, SynthCommand::run);
    }

    /** Runs the command in this process; the exit code {@code main} would end with. */
    static int exitCode(String[] argv) throws Exception {
        return Command.exitCode(argv, USAGE, SynthCommand::run);
    }

    private static void run(Args args) throws Exception {
        Path out = Path.of(args.required("out"));
        WorldConfig config = args.has("config") ? WorldConfig.load(Path.of(args.get("config", ""))) : new WorldConfig();
        long seed = args.getLong("seed", 1);
        long t0 = System.nanoTime();
        EmbeddingDataset world = new SyntheticWorld(config, seed).generate();
        DatasetIO.write(world, out);
        Files.writeString(out.resolve("world.json"), config.toJson());
        System.out.printf("Wrote a synthetic world (seed %d: %d/%d/%d identities, %d-d faces, %d-d voices) to %s in %.1f s%n",
                seed, config.trainIdentities, config.valIdentities, config.testIdentities, config.faceDim,
                config.voiceDim, out, (System.nanoTime() - t0) / 1e9);
    }
}

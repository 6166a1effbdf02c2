package io.faalive.lab.cli;

import io.faalive.lab.data.DatasetIO;
import io.faalive.lab.data.VoxCelebImport;
import io.faalive.lab.data.VoxCelebImport.Sources;
import io.faalive.lab.data.VoxCelebImport.TestSet;
import java.nio.file.Path;

/** {@code bin/faa import-voxceleb}: pre-extracted VoxCeleb1 features to the project's dataset format. */
public final class ImportCommand {

    private static final String USAGE = "Usage: bin/faa import-voxceleb --features DIR --out DIR [--test-set unseen|seen]\n"
            + "    [--cmpc DIR] [--meta FILE] [--splits FILE] [--trials published|generated]\n"
            + "    [--verification-list FILE] [--verification-g-list FILE] [--matching-vf-list FILE] [--matching-fv-list FILE]\n"
            + "    [--seed N]\n"
            + "DIR/voice/<id1xxxx>/<video>/<utt>.npy and DIR/face/<VGGFace1 name>/<video>/<frame>.npy. --cmpc (default\n"
            + "../shared/fixtures/features/cmpc) holds vox1_meta.csv, Splits/identity_splits.txt and the published trial\n"
            + "lists (veriflist/, matching/), used for the test trials where present; the other families are generated.";

    private ImportCommand() {}

    public static void main(String[] argv) throws Exception {
        Command.main(argv, USAGE, ImportCommand::run);
    }

    private static void run(Args args) throws Exception {
        Path cmpc = Path.of(args.get("cmpc", System.getProperty("faa.fixtures", "../shared/fixtures") + "/features/cmpc"));
        String testSet = args.get("test-set", "unseen");
        if (!testSet.equals("unseen") && !testSet.equals("seen")) {
            throw args.fail("--test-set must be unseen or seen, not '" + testSet + "'");
        }
        String trials = args.get("trials", "published");
        if (!trials.equals("published") && !trials.equals("generated")) {
            throw args.fail("--trials must be published or generated, not '" + trials + "'");
        }
        Sources defaults = Sources.cmpc(cmpc, testSet.equals("seen") ? TestSet.SEEN_HEARD : TestSet.UNSEEN_UNHEARD);
        Sources sources = new Sources(path(args, "meta", defaults.meta()), path(args, "splits", defaults.splits()),
                defaults.testSet(), path(args, "verification-list", defaults.verificationU()),
                path(args, "verification-g-list", defaults.verificationG()),
                path(args, "matching-vf-list", defaults.matchingVf()), path(args, "matching-fv-list", defaults.matchingFv()));
        if (trials.equals("generated")) {
            sources = sources.withGeneratedTrials();
        }
        VoxCelebImport.Imported imported = VoxCelebImport.read(Path.of(args.required("features")), sources,
                args.getLong("seed", 1));
        Path out = Path.of(args.required("out"));
        DatasetIO.write(imported.dataset(), out);
        imported.dataset().splits().forEach((k, s) -> System.out.printf("%s: %d face vectors, %d voice vectors%n", k,
                s.faces().length, s.voices().length));
        imported.trialSources().forEach(line -> System.out.println("test " + line));
        System.out.println("Wrote " + out);
    }

    private static Path path(Args args, String key, Path fallback) {
        return args.has(key) ? Path.of(args.get(key, "")) : fallback;
    }
}

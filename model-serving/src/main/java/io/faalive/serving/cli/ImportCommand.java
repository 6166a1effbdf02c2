package io.faalive.serving.cli;

import io.faalive.serving.data.DatasetIO;
import io.faalive.serving.data.EmbeddingDataset;
import io.faalive.serving.data.VoxCelebImport;
import java.nio.file.Path;

/** {@code bin/faa import-voxceleb}: pre-extracted VoxCeleb1 features to the project's dataset format. */
public final class ImportCommand {

    private static final String USAGE = "Usage: bin/faa import-voxceleb --features DIR --out DIR "
            + "[--meta vox1_meta.csv] [--splits identity_splits.txt] [--test-set unseen|seen] [--seed N]\n"
            + "DIR/voice/<id1xxxx>/<video>/<utt>.npy and DIR/face/<VGGFace1 name>/<video>/<frame>.npy; meta and splits\n"
            + "default to ../shared/fixtures/features/cmpc.";

    private ImportCommand() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, USAGE);
        String cmpc = System.getProperty("faa.fixtures", "../shared/fixtures") + "/features/cmpc";
        EmbeddingDataset data = VoxCelebImport.read(Path.of(args.required("features")),
                Path.of(args.get("meta", cmpc + "/vox1_meta.csv")),
                Path.of(args.get("splits", cmpc + "/Splits/identity_splits.txt")),
                args.get("test-set", "unseen").equals("seen") ? VoxCelebImport.TestSet.SEEN_HEARD
                        : VoxCelebImport.TestSet.UNSEEN_UNHEARD,
                args.getLong("seed", 1));
        Path out = Path.of(args.required("out"));
        DatasetIO.write(data, out);
        data.splits().forEach((k, s) -> System.out.printf("%s: %d face vectors, %d voice vectors%n", k,
                s.faces().length, s.voices().length));
        System.out.println("Wrote " + out);
    }
}

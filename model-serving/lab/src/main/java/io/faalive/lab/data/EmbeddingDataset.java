package io.faalive.lab.data;

import java.util.Map;
import java.util.Optional;

/**
 * An embedding dataset in the project's on-disk format (see model-serving/DATASET.md):
 * splits of face and voice vectors grouped by video, identities with split and gender,
 * evaluation trials for the validation and test splits, and, for synthetic worlds only,
 * each identity's true shared latent (for the ceiling scorer).
 *
 * @param identityGender per identity id: 'M', 'F' or 'U' (unknown)
 * @param latents per identity id, the shared latent; empty unless the data is synthetic
 */
public record EmbeddingDataset(String source, int faceDim, int voiceDim, Map<String, Split> splits,
        char[] identityGender, Map<String, Trials> trials, Optional<float[][]> latents) {

    public static final String FORMAT = "faa-embeddings/1";

    public Split split(String name) {
        Split s = splits.get(name);
        if (s == null) {
            throw new IllegalArgumentException("Dataset has no '" + name + "' split (has " + splits.keySet() + ")");
        }
        return s;
    }

    public Trials trials(String split) {
        Trials t = trials.get(split);
        if (t == null) {
            throw new IllegalArgumentException("Dataset has no trials for the '" + split + "' split");
        }
        return t;
    }
}

package io.faalive.serving.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Imports pre-extracted VoxCeleb1 features laid out as in the Self-Lifting / vfal-eva code:
 * <pre>
 *   FEATURES/voice/&lt;VoxCeleb1 id, e.g. id10001&gt;/&lt;video&gt;/&lt;utterance&gt;.npy   (one vector per utterance)
 *   FEATURES/face/&lt;VGGFace1 name, e.g. A.J._Buckley&gt;/&lt;video&gt;/&lt;frame&gt;.npy  (one vector per frame)
 * </pre>
 * with the VoxCeleb1 metadata ({@code vox1_meta.csv}: id, name, gender, nationality, set)
 * and the Learnable-PINs identity split ({@code identity_splits.txt}: name, 1 train / 2 val /
 * 3 seen-heard test / 4 unseen-unheard test). Only identities with both modalities are kept.
 */
public final class VoxCelebImport {

    /** Which test set the "test" split holds. */
    public enum TestSet { UNSEEN_UNHEARD, SEEN_HEARD }

    private VoxCelebImport() {}

    public static EmbeddingDataset read(Path features, Path meta, Path splits, TestSet testSet, long seed)
            throws IOException {
        Map<String, String[]> byName = new HashMap<>();
        for (String line : Files.readAllLines(meta).subList(1, Files.readAllLines(meta).size())) {
            String[] f = line.split("\t");
            if (f.length >= 3) {
                byName.put(f[1].trim(), f);
            }
        }
        Map<String, Integer> splitOf = new LinkedHashMap<>();
        for (String line : Files.readAllLines(splits)) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2) {
                splitOf.put(f[0], Integer.parseInt(f[1]));
            }
        }
        int testCode = testSet == TestSet.UNSEEN_UNHEARD ? 4 : 3;
        Map<String, String> splitName = Map.of("1", "train", "2", "val", Integer.toString(testCode), "test");
        List<String> names = splitOf.keySet().stream().filter(byName::containsKey).sorted().toList();
        char[] gender = new char[names.size()];
        Map<String, List<float[]>> faces = new LinkedHashMap<>();
        Map<String, Builder> builders = new LinkedHashMap<>();
        for (String s : List.of("train", "val", "test")) {
            builders.put(s, new Builder(s));
        }
        int faceDim = 0;
        int voiceDim = 0;
        for (int id = 0; id < names.size(); id++) {
            String name = names.get(id);
            String[] m = byName.get(name);
            gender[id] = m[2].trim().equalsIgnoreCase("m") ? 'M' : m[2].trim().equalsIgnoreCase("f") ? 'F' : 'U';
            String split = splitName.get(Integer.toString(splitOf.get(name)));
            Path faceDir = features.resolve("face").resolve(name);
            Path voiceDir = features.resolve("voice").resolve(m[0].trim());
            if (split == null || !Files.isDirectory(faceDir) || !Files.isDirectory(voiceDir)) {
                continue;
            }
            Builder b = builders.get(split);
            Map<String, Integer> videoIds = new HashMap<>();
            faceDim = b.add(faceDir, id, videoIds, true, faceDim);
            voiceDim = b.add(voiceDir, id, videoIds, false, voiceDim);
        }
        Map<String, Split> out = new LinkedHashMap<>();
        builders.forEach((k, b) -> out.put(k, b.build()));
        Map<String, Trials> trials = new LinkedHashMap<>();
        trials.put("val", new TrialGenerator(out.get("val"), gender, seed).generate(5000, 1000, 200));
        trials.put("test", new TrialGenerator(out.get("test"), gender, seed + 1).generate(10000, 5000, 1000));
        return new EmbeddingDataset("voxceleb1 features " + features, faceDim, voiceDim, out, gender, trials,
                Optional.empty());
    }

    private static final class Builder {
        final String name;
        final List<float[]> faces = new ArrayList<>();
        final List<int[]> faceRows = new ArrayList<>();
        final List<float[]> voices = new ArrayList<>();
        final List<int[]> voiceRows = new ArrayList<>();
        int videos;

        Builder(String name) {
            this.name = name;
        }

        /** Adds every .npy under dir/VIDEO/; videos are matched across modalities by name. */
        int add(Path dir, int identity, Map<String, Integer> videoIds, boolean face, int dim) throws IOException {
            try (Stream<Path> files = Files.walk(dir, 2)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".npy")).sorted().toList()) {
                    String video = dir.relativize(f).getNameCount() > 1 ? dir.relativize(f).getName(0).toString() : "_";
                    int v = videoIds.computeIfAbsent(video, k -> videos++);
                    float[] vec = NpyReader.readVector(f);
                    if (dim != 0 && vec.length != dim) {
                        throw new IOException(f + " has " + vec.length + " values; other " + (face ? "face" : "voice")
                                + " vectors have " + dim);
                    }
                    dim = vec.length;
                    (face ? faces : voices).add(vec);
                    (face ? faceRows : voiceRows).add(new int[] {identity, v});
                }
            }
            return dim;
        }

        Split build() {
            return new Split(name, faces.toArray(new float[0][]), faceRows.stream().mapToInt(r -> r[0]).toArray(),
                    faceRows.stream().mapToInt(r -> r[1]).toArray(), voices.toArray(new float[0][]),
                    voiceRows.stream().mapToInt(r -> r[0]).toArray(), voiceRows.stream().mapToInt(r -> r[1]).toArray());
        }
    }
}

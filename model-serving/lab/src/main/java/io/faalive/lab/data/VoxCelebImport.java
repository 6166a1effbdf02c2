package io.faalive.lab.data;

import io.faalive.lab.data.PublishedTrials.MatchingLine;
import io.faalive.lab.data.PublishedTrials.VerificationLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Imports pre-extracted VoxCeleb1 features laid out as in the Self-Lifting / vfal-eva code:
 * <pre>
 *   FEATURES/voice/&lt;VoxCeleb1 id, e.g. id10001&gt;/&lt;video&gt;/&lt;utterance&gt;.npy   (one vector per utterance)
 *   FEATURES/face/&lt;VGGFace1 name, e.g. A.J._Buckley&gt;/&lt;video&gt;/&lt;frame&gt;.npy  (one vector per frame)
 * </pre>
 * with the VoxCeleb1 metadata ({@code vox1_meta.csv}: id, name, gender, nationality, set),
 * the Learnable-PINs identity split ({@code identity_splits.txt}: name, 1 train / 2 val /
 * 3 seen-heard test / 4 unseen-unheard test) and, where given, the published test trial lists
 * ({@link PublishedTrials}), so that the paper's protocol runs on the paper's trials. Trial
 * families without a list (G matching, 1:N, validation) are drawn by {@link TrialGenerator}.
 * Only identities with both modalities are kept.
 */
public final class VoxCelebImport {

    /** Which test set the "test" split holds. */
    public enum TestSet { UNSEEN_UNHEARD, SEEN_HEARD }

    /**
     * Metadata, identity split and test trial lists; a null list means that family of test
     * trials is drawn by the generator instead.
     */
    public record Sources(Path meta, Path splits, TestSet testSet, Path verificationU, Path verificationG,
            Path matchingVf, Path matchingFv) {

        /**
         * The files of a CMPC {@code data} folder for this test set, lists where present. The
         * matching lists there name unseen-unheard identities, so seen-heard draws its own.
         */
        public static Sources cmpc(Path dir, TestSet testSet) {
            String set = testSet == TestSet.UNSEEN_UNHEARD ? "unseenunheard" : "seenheard";
            boolean unseen = testSet == TestSet.UNSEEN_UNHEARD;
            return new Sources(dir.resolve("vox1_meta.csv"), dir.resolve("Splits/identity_splits.txt"), testSet,
                    existing(dir.resolve("veriflist/veriflist_test_random_" + set + ".txt")),
                    existing(dir.resolve("veriflist/veriflist_test_G_" + set + ".txt")),
                    unseen ? existing(dir.resolve("matching/matching_v2f_U.csv")) : null,
                    unseen ? existing(dir.resolve("matching/matching_f2v_U.csv")) : null);
        }

        /** The same metadata with every test trial drawn by the generator. */
        public Sources withGeneratedTrials() {
            return new Sources(meta, splits, testSet, null, null, null, null);
        }

        private static Path existing(Path p) {
            return Files.isRegularFile(p) ? p : null;
        }
    }

    /** The dataset, and one line per test trial family saying where its trials came from. */
    public record Imported(EmbeddingDataset dataset, List<String> trialSources) {}

    private VoxCelebImport() {}

    public static Imported read(Path features, Sources sources, long seed) throws IOException {
        for (String modality : List.of("face", "voice")) {
            if (!Files.isDirectory(features.resolve(modality))) {
                throw new IOException(features.resolve(modality) + " is not a folder: expected FEATURES/voice/<id1xxxx>/"
                        + "<video>/<utterance>.npy and FEATURES/face/<VGGFace1 name>/<video>/<frame>.npy");
            }
        }
        Map<String, String[]> byName = new HashMap<>();
        Map<String, String> nameOfVoxId = new HashMap<>();
        List<String> metaLines = Files.readAllLines(sources.meta());
        for (String line : metaLines.subList(Math.min(1, metaLines.size()), metaLines.size())) {
            String[] f = line.split("\t");
            if (f.length >= 3) {
                byName.put(f[1].trim(), f);
                nameOfVoxId.put(f[0].trim(), f[1].trim());
            }
        }
        Map<String, Integer> splitOf = new LinkedHashMap<>();
        for (String line : Files.readAllLines(sources.splits())) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2) {
                splitOf.put(f[0], Integer.parseInt(f[1]));
            }
        }
        PublishedTrials lists = new PublishedTrials(nameOfVoxId);
        List<VerificationLine> verU = sources.verificationU() == null ? null : lists.readVerification(sources.verificationU());
        List<VerificationLine> verG = sources.verificationG() == null ? null : lists.readVerification(sources.verificationG());
        List<MatchingLine> vf = sources.matchingVf() == null ? null : lists.readMatching(sources.matchingVf(), true);
        List<MatchingLine> fv = sources.matchingFv() == null ? null : lists.readMatching(sources.matchingFv(), false);
        Set<String> heldOut = sources.testSet() == TestSet.SEEN_HEARD ? seenHeardVideos(verU, verG) : Set.of();

        List<String> names = splitOf.keySet().stream().filter(byName::containsKey).sorted().toList();
        char[] gender = new char[names.size()];
        Map<String, Builder> builders = new LinkedHashMap<>();
        for (String s : List.of("train", "val", "test")) {
            builders.put(s, new Builder(s));
        }
        int[] dims = new int[2];
        for (int id = 0; id < names.size(); id++) {
            String name = names.get(id);
            String[] m = byName.get(name);
            gender[id] = m[2].trim().equalsIgnoreCase("m") ? 'M' : m[2].trim().equalsIgnoreCase("f") ? 'F' : 'U';
            Path faceDir = features.resolve("face").resolve(name);
            Path voiceDir = features.resolve("voice").resolve(m[0].trim());
            if (!Files.isDirectory(faceDir) || !Files.isDirectory(voiceDir)) {
                continue;
            }
            Map<String, List<Path>> faceVideos = filesByVideo(faceDir);
            Map<String, List<Path>> voiceVideos = filesByVideo(voiceDir);
            Set<String> videos = new java.util.TreeSet<>(faceVideos.keySet());
            videos.addAll(voiceVideos.keySet());
            for (String video : videos) {
                String split = splitOfVideo(splitOf.get(name), sources.testSet(), heldOut.contains(PublishedTrials.videoKey(name, video)));
                if (split != null) {
                    builders.get(split).addVideo(name, id, video, faceVideos.getOrDefault(video, List.of()),
                            voiceVideos.getOrDefault(video, List.of()), dims);
                }
            }
        }
        for (Builder b : builders.values()) {
            if (b.videos == 0) {
                throw new IOException("no " + b.name + " identity has both face and voice features under " + features
                        + " (identities are matched by name in face/ and by VoxCeleb1 id in voice/, via " + sources.meta()
                        + "; the split comes from " + sources.splits() + ")");
            }
        }
        Map<String, Split> out = new LinkedHashMap<>();
        builders.forEach((k, b) -> out.put(k, b.build()));
        Builder test = builders.get("test");
        Trials drawn = new TrialGenerator(out.get("test"), gender, seed + 1).generate(10000, 5000, 1000);
        List<String> report = new ArrayList<>();
        Trials testTrials = new Trials(
                verification(verU, sources.verificationU(), drawn.verificationU(), test, "verification U", report),
                verification(verG, sources.verificationG(), drawn.verificationG(), test, "verification G", report),
                matching(vf, sources.matchingVf(), drawn.matchingVfU(), test.voiceRow, test.faceRow, "1:2 V-F U", report),
                generated(drawn.matchingVfG(), "1:2 V-F G", report),
                matching(fv, sources.matchingFv(), drawn.matchingFvU(), test.faceRow, test.voiceRow, "1:2 F-V U", report),
                generated(drawn.matchingFvG(), "1:2 F-V G", report),
                generated(drawn.matchingVfN(), "1:N V-F", report));
        Map<String, Trials> trials = new LinkedHashMap<>();
        trials.put("val", new TrialGenerator(out.get("val"), gender, seed).generate(5000, 1000, 200));
        trials.put("test", testTrials);
        String source = "voxceleb1 features " + features + ", " + (sources.testSet() == TestSet.SEEN_HEARD
                ? "seen-heard" : "unseen-unheard") + " test set; test trials: " + String.join("; ", report);
        return new Imported(new EmbeddingDataset(source, dims[0], dims[1], out, gender, trials, Optional.empty()), report);
    }

    /** Split of one video: identities keep their split, except seen-heard, which holds out listed videos. */
    private static String splitOfVideo(int code, TestSet testSet, boolean heldOut) {
        if (testSet == TestSet.UNSEEN_UNHEARD) {
            return code == 1 ? "train" : code == 2 ? "val" : code == 4 ? "test" : null;
        }
        return code == 1 ? (heldOut ? "test" : "train") : code == 2 ? "val" : code == 3 ? "test" : null;
    }

    /** The videos the seen-heard lists test on: held out of training (their identities are training ones). */
    private static Set<String> seenHeardVideos(List<VerificationLine> u, List<VerificationLine> g) throws IOException {
        if (u == null && g == null) {
            throw new IOException("the seen-heard test set is defined by its verification list "
                    + "(veriflist_test_random_seenheard.txt: which videos of the training identities are held out); "
                    + "none was given");
        }
        Set<String> videos = new HashSet<>();
        for (List<VerificationLine> list : java.util.Arrays.asList(u, g)) {
            if (list != null) {
                list.forEach(l -> {
                    videos.add(PublishedTrials.videoOf(l.voice()));
                    videos.add(PublishedTrials.videoOf(l.face()));
                });
            }
        }
        return videos;
    }

    private static List<Trials.Verification> verification(List<VerificationLine> lines, Path file,
            List<Trials.Verification> drawn, Builder test, String family, List<String> report) throws IOException {
        if (lines == null) {
            return generated(drawn, family, report);
        }
        return resolve(lines, file, family, report, l -> {
            Integer voice = test.voiceRow.get(l.voice());
            Integer face = test.faceRow.get(l.face());
            return voice == null || face == null ? null : new Trials.Verification(voice, face, l.same());
        }, l -> l.voice() + " and " + l.face());
    }

    private static List<Trials.Matching> matching(List<MatchingLine> lines, Path file, List<Trials.Matching> drawn,
            Map<String, Integer> probeRows, Map<String, Integer> candidateRows, String family, List<String> report)
            throws IOException {
        if (lines == null) {
            return generated(drawn, family, report);
        }
        return resolve(lines, file, family, report, l -> {
            Integer probe = probeRows.get(l.probe());
            Integer match = candidateRows.get(l.match());
            Integer nonMatch = candidateRows.get(l.nonMatch());
            return probe == null || match == null || nonMatch == null ? null
                    : new Trials.Matching(probe, new int[] {match, nonMatch});
        }, l -> l.probe() + ", " + l.match() + " and " + l.nonMatch());
    }

    /** Lines whose files all have a feature vector; none at all is an error, not a silent fallback. */
    private static <L, T> List<T> resolve(List<L> lines, Path file, String family, List<String> report,
            Function<L, T> toTrial, Function<L, String> describe) throws IOException {
        List<T> out = new ArrayList<>();
        for (L line : lines) {
            T t = toTrial.apply(line);
            if (t != null) {
                out.add(t);
            }
        }
        if (out.isEmpty() && !lines.isEmpty()) {
            throw new IOException(family + ": none of the " + lines.size() + " trials of " + file
                    + " names files that have feature vectors in the test split (the first wants "
                    + describe.apply(lines.get(0)) + ", keys name/video/item, looked up in face/<name>/<video>/<frame>.npy "
                    + "and voice/<id>/<video>/<utterance>.npy); check the features' naming, or use --trials generated");
        }
        report.add(String.format("%s: %d of the %d trials of %s (%d name files without features)", family,
                out.size(), lines.size(), file.getFileName(), lines.size() - out.size()));
        return out;
    }

    private static <T> List<T> generated(List<T> drawn, String family, List<String> report) {
        report.add(String.format("%s: %d generated", family, drawn.size()));
        return drawn;
    }

    /** .npy files of an identity folder by video sub-folder ("_" for files directly in it), sorted. */
    private static Map<String, List<Path>> filesByVideo(Path dir) throws IOException {
        Map<String, List<Path>> byVideo = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir, 2)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".npy")).sorted().toList()) {
                Path rel = dir.relativize(f);
                String video = rel.getNameCount() > 1 ? rel.getName(0).toString() : "_";
                byVideo.computeIfAbsent(video, k -> new ArrayList<>()).add(f);
            }
        }
        return byVideo;
    }

    private static final class Builder {
        final String name;
        final List<float[]> faces = new ArrayList<>();
        final List<int[]> faceRows = new ArrayList<>();
        final List<float[]> voices = new ArrayList<>();
        final List<int[]> voiceRows = new ArrayList<>();
        /** Row of each file, by key name/video/item (see PublishedTrials.key). */
        final Map<String, Integer> faceRow = new HashMap<>();
        final Map<String, Integer> voiceRow = new HashMap<>();
        int videos;

        Builder(String name) {
            this.name = name;
        }

        /** One video of one identity: its face and voice files share the video id. */
        void addVideo(String person, int identity, String video, List<Path> faceFiles, List<Path> voiceFiles,
                int[] dims) throws IOException {
            int v = videos++;
            for (Path f : faceFiles) {
                dims[0] = add(f, dims[0], "face", faces);
                faceRows.add(new int[] {identity, v});
                faceRow.put(PublishedTrials.key(person, video, f.getFileName().toString()), faces.size() - 1);
            }
            for (Path f : voiceFiles) {
                dims[1] = add(f, dims[1], "voice", voices);
                voiceRows.add(new int[] {identity, v});
                voiceRow.put(PublishedTrials.key(person, video, f.getFileName().toString()), voices.size() - 1);
            }
        }

        private static int add(Path f, int dim, String modality, List<float[]> into) throws IOException {
            float[] vec = NpyReader.readVector(f);
            if (dim != 0 && vec.length != dim) {
                throw new IOException(f + " has " + vec.length + " values; other " + modality + " vectors have " + dim);
            }
            into.add(vec);
            return vec.length;
        }

        Split build() {
            return new Split(name, faces.toArray(new float[0][]), faceRows.stream().mapToInt(r -> r[0]).toArray(),
                    faceRows.stream().mapToInt(r -> r[1]).toArray(), voices.toArray(new float[0][]),
                    voiceRows.stream().mapToInt(r -> r[0]).toArray(), voiceRows.stream().mapToInt(r -> r[1]).toArray());
        }
    }
}

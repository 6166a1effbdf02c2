package io.faalive.lab.data;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads and writes {@link EmbeddingDataset}s in the format of model-serving/DATASET.md. */
public final class DatasetIO {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
    private static final List<String> TRIAL_FILES = List.of("verification_U", "verification_G",
            "matching_vf_U", "matching_vf_G", "matching_fv_U", "matching_fv_G", "matching_vf_N");

    private DatasetIO() {}

    public static void write(EmbeddingDataset data, Path dir) throws IOException {
        Files.createDirectories(dir);
        JsonObject meta = new JsonObject();
        meta.addProperty("format", EmbeddingDataset.FORMAT);
        meta.addProperty("source", data.source());
        meta.addProperty("faceDim", data.faceDim());
        meta.addProperty("voiceDim", data.voiceDim());
        meta.add("splits", GSON.toJsonTree(data.splits().keySet()));
        Files.writeString(dir.resolve("dataset.json"), GSON.toJson(meta));
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("identities.csv"))) {
            w.write("identity,split,gender\n");
            for (Split s : data.splits().values()) {
                java.util.Arrays.stream(s.faceIdentity()).distinct().sorted().forEach(id -> line(w,
                        id + "," + s.name() + "," + data.identityGender()[id]));
            }
        }
        for (Split s : data.splits().values()) {
            Path sd = dir.resolve(s.name());
            Files.createDirectories(sd);
            writeVectors(sd.resolve("faces.f32"), s.faces());
            writeRows(sd.resolve("faces.csv"), s.faceIdentity(), s.faceVideo());
            writeVectors(sd.resolve("voices.f32"), s.voices());
            writeRows(sd.resolve("voices.csv"), s.voiceIdentity(), s.voiceVideo());
            Trials t = data.trials().get(s.name());
            if (t != null) {
                writeTrials(sd.resolve("trials"), t);
            }
        }
        if (data.latents().isPresent()) {
            writeVectors(dir.resolve("latents.f32"), data.latents().get());
        }
    }

    public static EmbeddingDataset read(Path dir) throws IOException {
        Path metaFile = dir.resolve("dataset.json");
        if (!Files.isRegularFile(metaFile)) {
            throw new IOException("Not an embedding dataset: " + metaFile + " is missing (format "
                    + EmbeddingDataset.FORMAT + ", see model-serving/DATASET.md)");
        }
        JsonObject meta = GSON.fromJson(Files.readString(metaFile), JsonObject.class);
        if (!EmbeddingDataset.FORMAT.equals(meta.get("format").getAsString())) {
            throw new IOException("Unsupported dataset format " + meta.get("format") + " in " + metaFile);
        }
        int faceDim = meta.get("faceDim").getAsInt();
        int voiceDim = meta.get("voiceDim").getAsInt();
        Map<String, Split> splits = new LinkedHashMap<>();
        Map<String, Trials> trials = new HashMap<>();
        for (var e : meta.getAsJsonArray("splits")) {
            String name = e.getAsString();
            Path sd = dir.resolve(name);
            int[][] faceRows = readRows(sd.resolve("faces.csv"));
            int[][] voiceRows = readRows(sd.resolve("voices.csv"));
            splits.put(name, new Split(name, readVectors(sd.resolve("faces.f32"), faceDim, faceRows[0].length),
                    faceRows[0], faceRows[1], readVectors(sd.resolve("voices.f32"), voiceDim, voiceRows[0].length),
                    voiceRows[0], voiceRows[1]));
            if (Files.isDirectory(sd.resolve("trials"))) {
                trials.put(name, readTrials(sd.resolve("trials")));
            }
        }
        List<String[]> identities = readCsv(dir.resolve("identities.csv"));
        int maxId = identities.stream().mapToInt(r -> Integer.parseInt(r[0])).max().orElse(-1);
        char[] gender = new char[maxId + 1];
        java.util.Arrays.fill(gender, 'U');
        identities.forEach(r -> gender[Integer.parseInt(r[0])] = r[2].isEmpty() ? 'U' : r[2].charAt(0));
        Optional<float[][]> latents = Optional.empty();
        Path latentFile = dir.resolve("latents.f32");
        if (Files.isRegularFile(latentFile)) {
            int rows = maxId + 1;
            int dim = (int) (Files.size(latentFile) / 4 / rows);
            latents = Optional.of(readVectors(latentFile, dim, rows));
        }
        return new EmbeddingDataset(meta.get("source").getAsString(), faceDim, voiceDim, splits, gender, trials, latents);
    }

    /** SHA-256 over every file of the dataset: identifies the training data of a model. */
    public static String fingerprint(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                sha.update(dir.relativize(p).toString().getBytes(StandardCharsets.UTF_8));
                try (InputStream in = Files.newInputStream(p)) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        sha.update(buf, 0, n);
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void writeVectors(Path file, float[][] rows) throws IOException {
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (float[] row : rows) {
                ByteBuffer b = ByteBuffer.allocate(row.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(row);
                out.write(b.array());
            }
        }
    }

    static float[][] readVectors(Path file, int dim, int rows) throws IOException {
        long expected = (long) dim * rows * 4;
        if (Files.size(file) != expected) {
            throw new IOException(file + " holds " + Files.size(file) + " bytes; " + rows + " rows of " + dim
                    + " float32 need " + expected);
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[][] out = new float[rows][dim];
        var floats = b.asFloatBuffer();
        for (float[] row : out) {
            floats.get(row);
        }
        return out;
    }

    private static void writeRows(Path file, int[] identity, int[] video) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("identity,video\n");
            for (int i = 0; i < identity.length; i++) {
                w.write(identity[i] + "," + video[i] + "\n");
            }
        }
    }

    private static int[][] readRows(Path file) throws IOException {
        List<String[]> rows = readCsv(file);
        int[][] out = new int[2][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            out[0][i] = Integer.parseInt(rows.get(i)[0]);
            out[1][i] = Integer.parseInt(rows.get(i)[1]);
        }
        return out;
    }

    private static void writeTrials(Path dir, Trials t) throws IOException {
        Files.createDirectories(dir);
        writeVerification(dir.resolve("verification_U.csv"), t.verificationU());
        writeVerification(dir.resolve("verification_G.csv"), t.verificationG());
        writeMatching(dir.resolve("matching_vf_U.csv"), t.matchingVfU());
        writeMatching(dir.resolve("matching_vf_G.csv"), t.matchingVfG());
        writeMatching(dir.resolve("matching_fv_U.csv"), t.matchingFvU());
        writeMatching(dir.resolve("matching_fv_G.csv"), t.matchingFvG());
        writeMatching(dir.resolve("matching_vf_N.csv"), t.matchingVfN());
    }

    private static Trials readTrials(Path dir) throws IOException {
        List<List<?>> lists = new ArrayList<>();
        for (String name : TRIAL_FILES) {
            Path f = dir.resolve(name + ".csv");
            lists.add(name.startsWith("verification") ? readVerification(f) : readMatching(f));
        }
        @SuppressWarnings("unchecked")
        Trials t = new Trials((List<Trials.Verification>) lists.get(0), (List<Trials.Verification>) lists.get(1),
                (List<Trials.Matching>) lists.get(2), (List<Trials.Matching>) lists.get(3),
                (List<Trials.Matching>) lists.get(4), (List<Trials.Matching>) lists.get(5),
                (List<Trials.Matching>) lists.get(6));
        return t;
    }

    private static void writeVerification(Path f, List<Trials.Verification> trials) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(f)) {
            w.write("voice,face,label\n");
            for (var t : trials) {
                w.write(t.voice() + "," + t.face() + "," + (t.same() ? 1 : 0) + "\n");
            }
        }
    }

    private static List<Trials.Verification> readVerification(Path f) throws IOException {
        return readCsv(f).stream().map(r -> new Trials.Verification(Integer.parseInt(r[0]), Integer.parseInt(r[1]),
                "1".equals(r[2]))).toList();
    }

    private static void writeMatching(Path f, List<Trials.Matching> trials) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(f)) {
            w.write("probe,match,impostors...\n");
            for (var t : trials) {
                StringBuilder sb = new StringBuilder().append(t.probe());
                for (int c : t.candidates()) {
                    sb.append(',').append(c);
                }
                w.write(sb.append('\n').toString());
            }
        }
    }

    private static List<Trials.Matching> readMatching(Path f) throws IOException {
        return readCsv(f).stream().map(r -> {
            int[] c = new int[r.length - 1];
            for (int i = 1; i < r.length; i++) {
                c[i - 1] = Integer.parseInt(r[i]);
            }
            return new Trials.Matching(Integer.parseInt(r[0]), c);
        }).toList();
    }

    private static List<String[]> readCsv(Path f) throws IOException {
        try (Stream<String> lines = Files.lines(f)) {
            return lines.skip(1).filter(l -> !l.isBlank()).map(l -> l.split(",", -1)).toList();
        }
    }

    private static void line(BufferedWriter w, String s) {
        try {
            w.write(s + "\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

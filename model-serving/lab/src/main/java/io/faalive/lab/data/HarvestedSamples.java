package io.faalive.lab.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Harvested samples (the JSON lines {@code bin/faa analyze --samples} and {@code bin/faa tail
 * samples} write, one {@code "type": "sample"} object per single-speaker segment of a deployment's
 * own traffic) as a training dataset. There are no identity labels: each sample is a "video" of
 * its own (its face vectors and voice vectors belong together, which is all FAA's training reads),
 * and, for validation pairs only, its own pseudo-identity (so a validation impostor pair can be the
 * same person met in two segments: validation AUC is a lower bound). Samples go to the train or the
 * validation split by a hash of their id: a fifth of them, and at least two, to validation.
 */
public final class HarvestedSamples {

    /** What the samples were made with, and a fingerprint of their content. */
    public record Source(String faceEncoderId, String voiceEncoderId, int samples, String fingerprint) {}

    private HarvestedSamples() {}

    /** The dataset of the samples in {@code files}; {@code source} receives their encoders and fingerprint. */
    public static EmbeddingDataset read(List<Path> files, Source[] source) throws IOException {
        List<JsonObject> samples = new ArrayList<>();
        MessageDigest digest = sha256();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new IOException("no such samples file: " + file);
            }
            int lineNo = 0;
            for (String line : Files.readAllLines(file)) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonObject o;
                try {
                    o = JsonParser.parseString(line).getAsJsonObject();
                } catch (RuntimeException e) {
                    throw new IOException(file + ":" + lineNo + ": not a JSON object");
                }
                if (o.has("type") && "sample".equals(o.get("type").getAsString())) {
                    samples.add(o);
                    digest.update(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        if (samples.size() < 6) {
            throw new IOException("only " + samples.size() + " harvested samples in " + files + ": training needs at least 6 "
                    + "(harvest more traffic: bin/faa analyze --samples, or bin/faa tail samples)");
        }
        String faceEncoder = samples.get(0).get("faceEncoderId").getAsString();
        String voiceEncoder = samples.get(0).get("voiceEncoderId").getAsString();
        Map<String, Rows> splits = new LinkedHashMap<>();
        splits.put("train", new Rows());
        splits.put("val", new Rows());
        // validation: the samples first in the order of a hash of their id, a fifth of them and at least two
        List<JsonObject> byHash = new ArrayList<>(samples);
        byHash.sort(java.util.Comparator.comparingInt((JsonObject o) -> o.get("sampleId").getAsString().hashCode())
                .thenComparing(o -> o.get("sampleId").getAsString()));
        int validation = Math.max(2, samples.size() / 5);
        for (int i = 0; i < byHash.size(); i++) {
            JsonObject o = byHash.get(i);
            if (!faceEncoder.equals(o.get("faceEncoderId").getAsString()) || !voiceEncoder.equals(o.get("voiceEncoderId").getAsString())) {
                throw new IOException("sample " + o.get("sampleId") + " comes from encoders " + o.get("faceEncoderId") + " / "
                        + o.get("voiceEncoderId") + ", the first from " + faceEncoder + " / " + voiceEncoder + ": train on one pair only");
            }
            Rows rows = splits.get(i < validation ? "val" : "train");
            rows.add(vectors(o.getAsJsonArray("faceVectors")), vectors(o.getAsJsonArray("voiceVectors")));
        }
        if (splits.get("val").videos == 0 || splits.get("train").videos == 0) {
            throw new IOException("the " + samples.size() + " samples do not fill both a train and a validation split");
        }
        Map<String, Split> out = new LinkedHashMap<>();
        splits.forEach((name, rows) -> out.put(name, rows.split(name)));
        int faceDim = out.get("train").faceDim();
        int voiceDim = out.get("train").voiceDim();
        char[] gender = new char[samples.size()];
        Arrays.fill(gender, 'U');
        source[0] = new Source(faceEncoder, voiceEncoder, samples.size(), HexFormat.of().formatHex(digest.digest()));
        return new EmbeddingDataset("harvested", faceDim, voiceDim, out, gender, Map.of(), Optional.empty());
    }

    /** The rows of one split; each sample is one video and one pseudo-identity, numbered within the split. */
    private static final class Rows {
        final List<float[]> faces = new ArrayList<>();
        final List<Integer> faceVideo = new ArrayList<>();
        final List<float[]> voices = new ArrayList<>();
        final List<Integer> voiceVideo = new ArrayList<>();
        int videos;

        void add(List<float[]> f, List<float[]> v) {
            f.forEach(x -> {
                faces.add(x);
                faceVideo.add(videos);
            });
            v.forEach(x -> {
                voices.add(x);
                voiceVideo.add(videos);
            });
            videos++;
        }

        Split split(String name) {
            int[] fv = faceVideo.stream().mapToInt(Integer::intValue).toArray();
            int[] vv = voiceVideo.stream().mapToInt(Integer::intValue).toArray();
            return new Split(name, faces.toArray(float[][]::new), fv, fv, voices.toArray(float[][]::new), vv, vv);
        }
    }

    private static List<float[]> vectors(JsonArray rows) {
        List<float[]> out = new ArrayList<>();
        for (var row : rows) {
            JsonArray a = row.getAsJsonArray();
            float[] v = new float[a.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = a.get(i).getAsFloat();
            }
            out.add(v);
        }
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

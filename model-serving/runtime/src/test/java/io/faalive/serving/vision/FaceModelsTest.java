package io.faalive.serving.vision;

import static org.assertj.core.api.Assertions.assertThat;

import io.faalive.serving.metrics.Metrics;
import io.faalive.serving.runtime.KnownModel;
import io.faalive.serving.runtime.NetModel;
import io.faalive.serving.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The face models on the fixture photos: every detector finds the face in every
 * single-person photo, and the embeddings separate same-identity from different-identity
 * photo pairs (face_recognition folders by name, deepface master.csv), with and without
 * alignment.
 */
class FaceModelsTest {

    static Path faces;
    static List<Path> singles;
    static Landmarks68 landmarks;

    @BeforeAll
    static void load() throws IOException {
        faces = Fixtures.file("media/faces");
        try (Stream<Path> s = Stream.concat(Files.list(faces.resolve("face_recognition")), Files.list(faces.resolve("deepface")))) {
            singles = s.filter(p -> p.toString().matches(".*\\.(jpg|jpeg|png)"))
                    .filter(p -> !p.getFileName().toString().matches("(obama_and_biden|two_people).*"))
                    .sorted().toList();
        }
        landmarks = new Landmarks68(NetModel.load(Fixtures.model(KnownModel.LANDMARKS_68).file()));
    }

    @AfterAll
    static void close() {
        if (landmarks != null) {
            landmarks.close();
        }
    }

    @Test
    void ultraFaceFindsEveryFace() {
        try (FaceDetector d = new UltraFaceDetector(NetModel.load(Fixtures.model(KnownModel.ULTRAFACE).file()), 0.7f, 0.4f)) {
            assertThat(missed(d)).as("photos without a face (UltraFace)").isEmpty();
        }
    }

    @Test
    void yuNetFindsEveryFaceWithLandmarks() {
        try (FaceDetector d = new YuNetDetector(Fixtures.model(KnownModel.YUNET).file(), 0.8f, 0.3f)) {
            assertThat(missed(d)).as("photos without a face (YuNet)").isEmpty();
            FaceBox face = largest(d.detect(BgrImage.read(singles.get(0))));
            float[] p = face.landmarks5();
            assertThat(p[0]).as("first eye left of the second").isLessThan(p[2]);
            assertThat(p[5]).as("nose below the eyes").isGreaterThan(Math.max(p[1], p[3]));
            assertThat(p[7]).as("mouth below the nose").isGreaterThan(p[5]);
        }
    }

    @Test
    void haarCascadeFindsMostFaces() {
        try (FaceDetector d = new HaarCascadeDetector()) {
            List<String> missed = missed(d);
            System.out.printf("Haar cascade missed %d of %d photos: %s%n", missed.size(), singles.size(), missed);
            assertThat(missed.size()).as("Haar misses (a last resort: frontal faces only)").isLessThanOrEqualTo(singles.size() / 4);
        }
    }

    @Test
    void embeddingsSeparateIdentities() throws IOException {
        List<String[]> pairs = pairs();
        Map<String, Double> auc = new LinkedHashMap<>();
        Fixtures.model(KnownModel.YUNET);
        {
            for (KnownModel m : List.of(KnownModel.FACE_512, KnownModel.MOBILEFACENET_128)) {
                NetFaceEmbedder.Spec spec = m == KnownModel.FACE_512 ? NetFaceEmbedder.Spec.FACEPLUGIN_512 : NetFaceEmbedder.Spec.MOBILEFACENET_128;
                try (FaceEmbedder e = new NetFaceEmbedder(NetModel.load(Fixtures.model(m).file()), spec)) {
                    auc.put(m + " aligned (UltraFace + 68 landmarks)", pairAuc(pairs, crops(ultra(), true), e));
                    auc.put(m + " aligned (YuNet 5 points)", pairAuc(pairs, crops(new YuNetDetector(KnownModel.YUNET.file(), 0.8f, 0.3f), true), e));
                    auc.put(m + " unaligned (box crop)", pairAuc(pairs, crops(ultra(), false), e));
                }
            }
        }
        auc.forEach((k, v) -> System.out.printf("face verification AUC %-50s %.3f (%d pairs)%n", k, v, pairs.size()));
        for (String k : auc.keySet()) {
            if (k.contains(" aligned")) {
                assertThat(auc.get(k)).as(k).isGreaterThanOrEqualTo(0.95);
            }
        }
        assertThat(auc.get("FACE_512 aligned (UltraFace + 68 landmarks)"))
                .as("alignment helps the 512-d model").isGreaterThan(auc.get("FACE_512 unaligned (box crop)"));
    }

    /** The largest face of each photo, aligned or plainly cropped; the analyzer owns (and closes) the detector. */
    private static Map<String, BgrImage> crops(FaceDetector detector, boolean align) {
        Map<String, BgrImage> out = new LinkedHashMap<>();
        try (FaceAnalyzer analyzer = new FaceAnalyzer(detector,
                new Landmarks68(NetModel.load(KnownModel.LANDMARKS_68.file())), new FaceQuality(32f, 0.45f, 20f))) {
            for (Path p : singles) {
                BgrImage img = BgrImage.read(p);
                List<FaceObservation> found = analyzer.analyze(img);
                if (found.isEmpty()) {
                    continue;
                }
                FaceObservation f = found.stream().max(Comparator.comparingDouble(o -> o.box().area())).get();
                out.put(key(p), align ? f.aligned() : boxCrop(img, f.box()));
            }
        }
        return out;
    }

    private static double pairAuc(List<String[]> pairs, Map<String, BgrImage> crops, FaceEmbedder e) {
        List<String> keys = new ArrayList<>(crops.keySet());
        float[][] v = e.embed(keys.stream().map(crops::get).toList());
        List<Double> scores = new ArrayList<>();
        List<Boolean> same = new ArrayList<>();
        for (String[] pair : pairs) {
            int a = keys.indexOf(pair[0]);
            int b = keys.indexOf(pair[1]);
            if (a < 0 || b < 0) {
                continue;
            }
            double dot = 0;
            for (int i = 0; i < v[a].length; i++) {
                dot += v[a][i] * v[b][i];
            }
            scores.add(dot);
            same.add(pair[2].equals("1"));
        }
        boolean[] positive = new boolean[same.size()];
        for (int i = 0; i < positive.length; i++) {
            positive[i] = same.get(i);
        }
        return Metrics.auc(scores.stream().mapToDouble(Double::doubleValue).toArray(), positive);
    }

    /** All pairs of face_recognition photos (same = same name prefix) plus master.csv pairs whose photos exist. */
    private static List<String[]> pairs() throws IOException {
        List<String[]> pairs = new ArrayList<>();
        List<Path> fr = singles.stream().filter(p -> p.getParent().getFileName().toString().equals("face_recognition")).toList();
        for (int i = 0; i < fr.size(); i++) {
            for (int j = i + 1; j < fr.size(); j++) {
                boolean same = identity(fr.get(i)).equals(identity(fr.get(j)));
                pairs.add(new String[] {key(fr.get(i)), key(fr.get(j)), same ? "1" : "0"});
            }
        }
        for (String line : Files.readAllLines(faces.resolve("deepface/master.csv")).subList(1, 300)) {
            String[] f = line.split(",");
            if (f.length == 3 && Files.exists(faces.resolve("deepface").resolve(f[0])) && Files.exists(faces.resolve("deepface").resolve(f[1]))) {
                pairs.add(new String[] {"deepface/" + f[0], "deepface/" + f[1], f[2].trim().equals("Yes") ? "1" : "0"});
            }
        }
        return pairs;
    }

    private static String identity(Path p) {
        return p.getFileName().toString().replaceAll("(_?\\d+)?\\.(jpg|jpeg|png)$", "");
    }

    private static String key(Path p) {
        return p.getParent().getFileName() + "/" + p.getFileName();
    }

    private static FaceDetector ultra() {
        return new UltraFaceDetector(NetModel.load(KnownModel.ULTRAFACE.file()), 0.7f, 0.4f);
    }

    private static BgrImage boxCrop(BgrImage img, FaceBox b) {
        int x = Math.max(0, (int) b.x1());
        int y = Math.max(0, (int) b.y1());
        int w = Math.min(img.width() - x, (int) b.width());
        int h = Math.min(img.height() - y, (int) b.height());
        try (org.bytedeco.opencv.opencv_core.Mat m = Mats.toMat(img);
                org.bytedeco.opencv.opencv_core.Rect r = new org.bytedeco.opencv.opencv_core.Rect(x, y, w, h);
                org.bytedeco.opencv.opencv_core.Mat roi = new org.bytedeco.opencv.opencv_core.Mat(m, r);
                org.bytedeco.opencv.opencv_core.Mat small = Mats.resize(roi, FaceAligner.SIZE, FaceAligner.SIZE)) {
            return Mats.toImage(small);
        }
    }

    private List<String> missed(FaceDetector d) {
        List<String> missed = new ArrayList<>();
        for (Path p : singles) {
            if (d.detect(BgrImage.read(p)).isEmpty()) {
                missed.add(key(p));
            }
        }
        return missed;
    }

    private static FaceBox largest(List<FaceBox> boxes) {
        return boxes.stream().max(Comparator.comparingDouble(FaceBox::area)).orElseThrow();
    }
}

package io.faalive.lab.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The published VoxCeleb1 trial lists (Learnable PINs / CMPC, in
 * {@code ../shared/fixtures/features/cmpc}), read into file keys that the importer resolves
 * to rows of its test split.
 *
 * <p>The lists name media files in two conventions, both handled here:
 * <ul>
 *   <li>verification ({@code veriflist_test_*.txt}, CSV with a header:
 *       {@code id,voice-speaker-id,face-speaker-id,label,voice-path,face-path}), voices in the
 *       legacy VoxCeleb1 naming {@code Name/VIDEO_0000001.wav}, faces as {@code Name/VIDEO/0035550.jpg};</li>
 *   <li>1:2 matching ({@code matching_v2f_U.csv}, {@code matching_f2v_U.csv}, space separated:
 *       probe, match, non-match), voices as {@code id10002/VIDEO/00005.wav}, faces as
 *       {@code Name/1.6/VIDEO/0015175.jpg}.</li>
 * </ul>
 * Every file becomes the key {@code name/video/item}, where the item number loses its leading
 * zeros ({@code 0000001} and {@code 00001} are the same utterance), which is also how the
 * importer keys its feature files ({@code voice/<id>/<video>/<utterance>.npy},
 * {@code face/<name>/<video>/<frame>.npy}).
 */
public final class PublishedTrials {

    /** One verification line: the voice's and the face's file keys and whether they match. */
    public record VerificationLine(String voice, String face, boolean same) {}

    /** One 1:2 matching line: the probe's key, then the match's and the non-match's. */
    public record MatchingLine(String probe, String match, String nonMatch) {}

    private final Map<String, String> nameOfVoxId;

    /** @param nameOfVoxId VoxCeleb1 id (id10001) to VGGFace1 name (A.J._Buckley), from vox1_meta.csv */
    public PublishedTrials(Map<String, String> nameOfVoxId) {
        this.nameOfVoxId = nameOfVoxId;
    }

    public List<VerificationLine> readVerification(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<VerificationLine> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || (i == 0 && line.startsWith("id,"))) {
                continue;
            }
            String[] f = line.split(",");
            if (f.length != 6 || !(f[3].equals("0") || f[3].equals("1"))) {
                throw new IOException(file + " line " + (i + 1) + ": expected id,voice-speaker-id,face-speaker-id,"
                        + "label(0|1),voice-path,face-path but found '" + line + "'");
            }
            out.add(new VerificationLine(voiceKey(f[4], file, i), faceKey(f[5], file, i), f[3].equals("1")));
        }
        return out;
    }

    /** @param voiceProbe true for V-F lists (a voice, then two faces), false for F-V lists */
    public List<MatchingLine> readMatching(Path file, boolean voiceProbe) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<MatchingLine> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length != 3) {
                throw new IOException(file + " line " + (i + 1) + ": expected 'probe match non-match' but found '"
                        + line + "'");
            }
            out.add(voiceProbe
                    ? new MatchingLine(voiceKey(f[0], file, i), faceKey(f[1], file, i), faceKey(f[2], file, i))
                    : new MatchingLine(faceKey(f[0], file, i), voiceKey(f[1], file, i), voiceKey(f[2], file, i)));
        }
        return out;
    }

    /** The key of a feature file or list entry: {@code name/video/item}, item without leading zeros. */
    public static String key(String name, String video, String item) {
        String stem = item.contains(".") ? item.substring(0, item.lastIndexOf('.')) : item;
        if (!stem.isEmpty() && stem.chars().allMatch(Character::isDigit)) {
            stem = stem.replaceFirst("^0+(?=\\d)", "");
        }
        return videoKey(name, video) + "/" + stem;
    }

    /** The key of one person's video: {@code name/video}, the part of a file key before its item. */
    public static String videoKey(String name, String video) {
        return name + "/" + video;
    }

    /** The video part of a file key. */
    public static String videoOf(String key) {
        return key.substring(0, key.lastIndexOf('/'));
    }

    String voiceKey(String path, Path file, int line) throws IOException {
        String[] c = path.split("/");
        if (c.length == 2) { // legacy: Name/VIDEO_0000001.wav (video ids may themselves contain '_')
            String stem = c[1];
            int cut = stem.lastIndexOf('_');
            if (cut > 0) {
                return key(c[0], stem.substring(0, cut), stem.substring(cut + 1));
            }
        } else if (c.length >= 3) { // id10002/VIDEO/00005.wav (or Name/VIDEO/00005.wav)
            return key(nameOfVoxId.getOrDefault(c[0], c[0]), c[c.length - 2], c[c.length - 1]);
        }
        throw new IOException(file + " line " + (line + 1) + ": cannot read the voice path '" + path
                + "' (expected id1xxxx/VIDEO/UTT.wav or Name/VIDEO_UTT.wav)");
    }

    static String faceKey(String path, Path file, int line) throws IOException {
        String[] c = path.split("/");
        if (c.length < 3) {
            throw new IOException(file + " line " + (line + 1) + ": cannot read the face path '" + path
                    + "' (expected Name/[...]/VIDEO/FRAME.jpg)");
        }
        return key(c[0], c[c.length - 2], c[c.length - 1]);
    }
}

package io.faalive.lab.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The embeddings of one split: face vectors (one per frame) and voice vectors (one per
 * speech window), each row labelled with its identity and video. Identity labels are
 * used only for evaluation; training reads videos, never identities.
 */
public record Split(String name, float[][] faces, int[] faceIdentity, int[] faceVideo,
        float[][] voices, int[] voiceIdentity, int[] voiceVideo) {

    public int faceDim() {
        return faces.length == 0 ? 0 : faces[0].length;
    }

    public int voiceDim() {
        return voices.length == 0 ? 0 : voices[0].length;
    }

    /** Distinct video ids (in order of first appearance across faces then voices). */
    public int[] videos() {
        return java.util.stream.IntStream.concat(java.util.Arrays.stream(faceVideo), java.util.Arrays.stream(voiceVideo))
                .distinct().toArray();
    }

    /** Row indices per video id: [video] -> rows, for faces or voices. */
    public static List<int[]> rowsByVideo(int[] videoOfRow, int videoCount) {
        List<List<Integer>> lists = new ArrayList<>();
        for (int v = 0; v < videoCount; v++) {
            lists.add(new ArrayList<>());
        }
        for (int r = 0; r < videoOfRow.length; r++) {
            lists.get(videoOfRow[r]).add(r);
        }
        return lists.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toList();
    }
}

package io.faalive.serving.vision;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Greedy non-maximum suppression by IoU. */
final class Nms {

    private Nms() {}

    static List<FaceBox> apply(List<FaceBox> boxes, float iouThreshold, int topK) {
        List<FaceBox> sorted = new ArrayList<>(boxes);
        sorted.sort(Comparator.comparingDouble(FaceBox::score).reversed());
        List<FaceBox> kept = new ArrayList<>();
        for (FaceBox candidate : sorted) {
            boolean overlaps = false;
            for (FaceBox k : kept) {
                if (k.iou(candidate) > iouThreshold) {
                    overlaps = true;
                    break;
                }
            }
            if (!overlaps) {
                kept.add(candidate);
                if (kept.size() == topK) {
                    break;
                }
            }
        }
        return kept;
    }
}

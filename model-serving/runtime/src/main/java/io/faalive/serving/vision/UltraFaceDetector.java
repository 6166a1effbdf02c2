package io.faalive.serving.vision;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.faalive.serving.runtime.NetModel;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * UltraFace RFB-320 (the registry pack's {@code fr_detect.onnx}): input {@code [1,3,240,320]}
 * RGB {@code (p-127)/128}; outputs softmaxed scores {@code [1,4420,2]} and boxes already
 * decoded to normalised x1,y1,x2,y2. The whole frame is squeezed to 320x240, so faces
 * smaller than about 1/20 of the frame width are missed.
 */
public final class UltraFaceDetector implements FaceDetector {

    private final NetModel model;
    private final float scoreThreshold;
    private final float nmsThreshold;

    public UltraFaceDetector(NetModel model, float scoreThreshold, float nmsThreshold) {
        this.model = model;
        this.scoreThreshold = scoreThreshold;
        this.nmsThreshold = nmsThreshold;
    }

    @Override
    public List<FaceBox> detect(BgrImage image) {
        float[] input;
        try (Mat mat = Mats.toMat(image); Mat small = Mats.resize(mat, 320, 240)) {
            input = Mats.chw(small, true, 127f, 128f);
        }
        float[][] out = model.run(
                m -> new NDList(NetModel.named(m.create(input, new Shape(1, 3, 240, 320)), "input")),
                list -> new float[][] {list.get("scores").toFloatArray(), list.get("boxes").toFloatArray()});
        float[] scores = out[0];
        float[] boxes = out[1];
        List<FaceBox> candidates = new ArrayList<>();
        int n = scores.length / 2;
        for (int i = 0; i < n; i++) {
            float s = scores[2 * i + 1];
            if (s < scoreThreshold) {
                continue;
            }
            candidates.add(new FaceBox(
                    clamp(boxes[4 * i]) * image.width(), clamp(boxes[4 * i + 1]) * image.height(),
                    clamp(boxes[4 * i + 2]) * image.width(), clamp(boxes[4 * i + 3]) * image.height(), s, null));
        }
        return Nms.apply(candidates, nmsThreshold, 50);
    }

    private static float clamp(float v) {
        return Math.max(0f, Math.min(1f, v));
    }

    @Override
    public boolean givesLandmarks() {
        return false;
    }

    @Override
    public void close() {
        model.close();
    }
}

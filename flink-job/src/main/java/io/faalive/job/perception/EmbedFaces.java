package io.faalive.job.perception;

import io.faalive.serving.perception.PerceptionConfig;
import io.faalive.serving.perception.PerceptionModels;
import io.faalive.serving.vision.BgrImage;
import io.faalive.serving.vision.FaceAligner;
import io.faalive.serving.vision.FaceEmbedder;
import java.util.ArrayList;
import java.util.List;

/** Embeds the good faces of a chunk (their aligned crops) through the shared, batching face embedder. */
public class EmbedFaces extends EmbedStage<BgrImage> {

    public EmbedFaces(PerceptionConfig config) {
        super(config, "face");
    }

    @Override
    Model<BgrImage> load(PerceptionConfig onDevice) {
        FaceEmbedder model = PerceptionModels.faceEmbedder(onDevice);
        return new Model<>(model, model::embed);
    }

    @Override
    List<BgrImage> items(PerceivedChunk chunk) {
        List<BgrImage> crops = new ArrayList<>();
        for (FaceRecord f : chunk.faces) {
            if (f.aligned != null) {
                crops.add(new BgrImage(FaceAligner.SIZE, FaceAligner.SIZE, f.aligned));
            }
        }
        return crops;
    }

    @Override
    void accept(PerceivedChunk chunk, List<float[]> vectors) {
        int i = 0;
        for (FaceRecord f : chunk.faces) {
            if (f.aligned != null) {
                f.embedding = vectors == null ? null : vectors.get(i++);
                f.aligned = null; // the crop is not carried further
            }
        }
    }
}

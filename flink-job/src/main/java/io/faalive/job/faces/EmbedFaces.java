package io.faalive.job.faces;

import io.faalive.job.models.BatchedModel;
import io.faalive.job.models.BatchedModelStage;
import io.faalive.serving.perception.PerceptionConfig;
import io.faalive.serving.perception.PerceptionModels;
import io.faalive.serving.vision.BgrImage;
import io.faalive.serving.vision.FaceAligner;
import io.faalive.serving.vision.FaceEmbedder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Embeds the good faces of a chunk (their aligned crops) through the shared, batching face embedder. */
public class EmbedFaces extends BatchedModelStage<DetectedFaces, EmbeddedFaces, BgrImage, float[]> {

    public EmbedFaces(PerceptionConfig config) {
        super(config, "face");
    }

    @Override
    protected BatchedModel<BgrImage, float[]> load(PerceptionConfig onDevice) {
        FaceEmbedder model = PerceptionModels.faceEmbedder(onDevice);
        return BatchedModel.of(model, batch -> Arrays.asList(model.embed(batch)));
    }

    @Override
    protected List<BgrImage> items(DetectedFaces in) {
        List<BgrImage> crops = new ArrayList<>();
        for (DetectedFace f : in.faces()) {
            if (f.aligned() != null) {
                crops.add(new BgrImage(FaceAligner.SIZE, FaceAligner.SIZE, f.aligned()));
            }
        }
        return crops;
    }

    @Override
    protected EmbeddedFaces complete(DetectedFaces in, List<float[]> vectors) {
        EmbeddedFace[] faces = new EmbeddedFace[in.faces().length];
        int next = 0;
        for (int i = 0; i < faces.length; i++) {
            DetectedFace f = in.faces()[i];
            float[] embedding = f.aligned() == null || vectors == null ? null : vectors.get(next++);
            faces[i] = new EmbeddedFace(f.tsMs(), f.box(), f.mouthAperture(), f.good(), embedding, f.asdCrop(),
                    f.motionTsMs(), f.motion());
        }
        return new EmbeddedFaces(in.chunk(), in.audio(), faces);
    }

    @Override
    protected String describe(DetectedFaces in) {
        return in.chunk().streamId() + "#" + in.chunk().seq();
    }
}

package io.faalive.job.speech;

import io.faalive.job.models.BatchedModel;
import io.faalive.job.models.BatchedModelStage;
import io.faalive.serving.audio.VoiceEmbedder;
import io.faalive.serving.perception.PerceptionConfig;
import io.faalive.serving.perception.PerceptionModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Embeds the speech windows of a chunk through the shared, batching voice embedder. */
public class EmbedVoices extends BatchedModelStage<ChunkWindows, VoicedWindows, float[], float[]> {

    public EmbedVoices(PerceptionConfig config) {
        super(config, "voice");
    }

    @Override
    protected BatchedModel<float[], float[]> load(PerceptionConfig onDevice) {
        VoiceEmbedder model = PerceptionModels.voiceEmbedder(onDevice);
        return BatchedModel.of(model, batch -> Arrays.asList(model.embed(batch)));
    }

    @Override
    protected List<float[]> items(ChunkWindows in) {
        List<float[]> windows = new ArrayList<>();
        for (AudioWindow w : in.windows()) {
            if (w.speech()) {
                windows.add(w.samples());
            }
        }
        return windows;
    }

    @Override
    protected VoicedWindows complete(ChunkWindows in, List<float[]> vectors) {
        float[][] voices = new float[in.windows().length][];
        int next = 0;
        for (int i = 0; i < voices.length; i++) {
            if (in.windows()[i].speech() && vectors != null) {
                voices[i] = vectors.get(next++);
            }
        }
        return new VoicedWindows(in.chunk(), in.tracks(), in.windows(), voices);
    }

    @Override
    protected String describe(ChunkWindows in) {
        return in.chunk().streamId() + "#" + in.chunk().seq();
    }
}

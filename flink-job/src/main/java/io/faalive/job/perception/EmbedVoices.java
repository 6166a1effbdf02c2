package io.faalive.job.perception;

import io.faalive.serving.audio.VoiceEmbedder;
import io.faalive.serving.perception.PerceptionConfig;
import io.faalive.serving.perception.PerceptionModels;
import java.util.ArrayList;
import java.util.List;

/** Embeds the speech windows of a chunk through the shared, batching voice embedder. */
public class EmbedVoices extends EmbedStage<float[]> {

    public EmbedVoices(PerceptionConfig config) {
        super(config, "voice");
    }

    @Override
    Model<float[]> load(PerceptionConfig onDevice) {
        VoiceEmbedder model = PerceptionModels.voiceEmbedder(onDevice);
        return new Model<>(model, model::embed);
    }

    @Override
    List<float[]> items(PerceivedChunk chunk) {
        List<float[]> windows = new ArrayList<>();
        for (WindowRecord w : chunk.windows) {
            if (w.speech && w.samples != null) {
                windows.add(w.samples);
            }
        }
        return windows;
    }

    @Override
    void accept(PerceivedChunk chunk, List<float[]> vectors) {
        if (vectors == null) {
            return;
        }
        int i = 0;
        for (WindowRecord w : chunk.windows) {
            if (w.speech && w.samples != null) {
                w.voiceEmbedding = vectors.get(i++);
            }
        }
    }
}

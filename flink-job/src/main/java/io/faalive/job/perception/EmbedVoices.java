package io.faalive.job.perception;

import io.faalive.job.perception.EmbedFaces.Embedding;
import io.faalive.serving.audio.VoiceEmbedder;
import io.faalive.serving.inference.BatchingExecutor;
import io.faalive.serving.inference.SharedModels;
import io.faalive.serving.perception.PerceptionConfig;
import io.faalive.serving.perception.PerceptionModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds the speech windows of a chunk through the TaskManager's shared, batching voice
 * embedder. A failed or timed-out chunk continues without voice vectors and is counted.
 */
public class EmbedVoices extends RichAsyncFunction<PerceivedChunk, PerceivedChunk> {

    private static final Logger LOG = LoggerFactory.getLogger(EmbedVoices.class);
    private final PerceptionConfig config;
    private transient SharedModels.Lease<Embedding<float[]>> embedder;
    private transient InferenceMetrics metrics;
    private transient Counter windowsEmbedded;
    private transient Counter embeddingFailures;

    public EmbedVoices(PerceptionConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        PerceptionConfig c = PerceptionSettings.onDevice(config, getRuntimeContext());
        embedder = SharedModels.acquire("voice-embedder/" + c, () -> {
            VoiceEmbedder model = PerceptionModels.voiceEmbedder(c);
            return new Embedding<>(new BatchingExecutor<float[], float[]>("voices",
                    batch -> Arrays.asList(model.embed(batch)), c.maxBatch(), c.maxDelay()), model);
        });
        metrics = new InferenceMetrics(getRuntimeContext().getMetricGroup(), "voice", embedder.get().executor);
        embedder.get().executor.addListener(metrics);
        windowsEmbedded = getRuntimeContext().getMetricGroup().counter("voiceWindowsEmbedded");
        embeddingFailures = getRuntimeContext().getMetricGroup().counter("voiceEmbeddingFailures");
    }

    @Override
    public void asyncInvoke(PerceivedChunk chunk, ResultFuture<PerceivedChunk> result) {
        List<WindowRecord> pending = new ArrayList<>();
        List<CompletableFuture<float[]>> futures = new ArrayList<>();
        for (WindowRecord w : chunk.windows) {
            if (w.speech && w.samples != null) {
                pending.add(w);
                futures.add(embedder.get().executor.submit(w.samples));
            }
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).whenComplete((ignored, error) -> {
            if (error != null) {
                embeddingFailures.inc();
                LOG.warn("Voice embedding failed for {}#{}; continuing without voice vectors: {}", chunk.streamId, chunk.seq, error.toString());
            } else {
                for (int i = 0; i < pending.size(); i++) {
                    pending.get(i).voiceEmbedding = futures.get(i).join();
                }
                windowsEmbedded.inc(pending.size());
            }
            result.complete(Collections.singleton(chunk));
        });
    }

    @Override
    public void timeout(PerceivedChunk chunk, ResultFuture<PerceivedChunk> result) {
        embeddingFailures.inc();
        LOG.warn("Voice embedding timed out for {}#{}; continuing without voice vectors", chunk.streamId, chunk.seq);
        result.complete(Collections.singleton(chunk));
    }

    @Override
    public void close() throws Exception {
        if (embedder != null) {
            embedder.get().executor.removeListener(metrics);
            embedder.close();
        }
        super.close();
    }
}

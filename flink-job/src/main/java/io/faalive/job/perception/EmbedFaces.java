package io.faalive.job.perception;

import io.faalive.serving.inference.BatchingExecutor;
import io.faalive.serving.inference.SharedModels;
import io.faalive.serving.perception.PerceptionConfig;
import io.faalive.serving.perception.PerceptionModels;
import io.faalive.serving.vision.BgrImage;
import io.faalive.serving.vision.FaceAligner;
import io.faalive.serving.vision.FaceEmbedder;
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
 * Embeds the good faces of a chunk through the TaskManager's shared, batching face embedder
 * (Flink async I/O: the subtask keeps working while its faces wait for a batch). A failed or
 * timed-out chunk continues without face vectors and is counted, never dropped.
 */
public class EmbedFaces extends RichAsyncFunction<PerceivedChunk, PerceivedChunk> {

    private static final Logger LOG = LoggerFactory.getLogger(EmbedFaces.class);
    private final PerceptionConfig config;
    private transient SharedModels.Lease<Embedding<BgrImage>> embedder;
    private transient InferenceMetrics metrics;
    private transient Counter facesEmbedded;
    private transient Counter embeddingFailures;

    public EmbedFaces(PerceptionConfig config) {
        this.config = config;
    }

    /** A shared embedder and the batching executor in front of it. */
    static final class Embedding<I> implements AutoCloseable {
        final BatchingExecutor<I, float[]> executor;
        final AutoCloseable model;

        Embedding(BatchingExecutor<I, float[]> executor, AutoCloseable model) {
            this.executor = executor;
            this.model = model;
        }

        @Override
        public void close() throws Exception {
            executor.close();
            model.close();
        }
    }

    @Override
    public void open(OpenContext openContext) {
        PerceptionConfig c = PerceptionSettings.onDevice(config, getRuntimeContext());
        embedder = SharedModels.acquire("face-embedder/" + c, () -> {
            FaceEmbedder model = PerceptionModels.faceEmbedder(c);
            return new Embedding<>(new BatchingExecutor<BgrImage, float[]>("faces",
                    batch -> Arrays.asList(model.embed(batch)), c.maxBatch(), c.maxDelay()), model);
        });
        metrics = new InferenceMetrics(getRuntimeContext().getMetricGroup(), "face", embedder.get().executor);
        embedder.get().executor.addListener(metrics);
        facesEmbedded = getRuntimeContext().getMetricGroup().counter("facesEmbedded");
        embeddingFailures = getRuntimeContext().getMetricGroup().counter("faceEmbeddingFailures");
    }

    @Override
    public void asyncInvoke(PerceivedChunk chunk, ResultFuture<PerceivedChunk> result) {
        List<FaceRecord> pending = new ArrayList<>();
        List<CompletableFuture<float[]>> futures = new ArrayList<>();
        for (FaceRecord f : chunk.faces) {
            if (f.aligned != null) {
                pending.add(f);
                futures.add(embedder.get().executor.submit(new BgrImage(FaceAligner.SIZE, FaceAligner.SIZE, f.aligned)));
            }
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).whenComplete((ignored, error) -> {
            if (error != null) {
                embeddingFailures.inc();
                LOG.warn("Face embedding failed for {}#{}; continuing without face vectors: {}", chunk.streamId, chunk.seq, error.toString());
            } else {
                for (int i = 0; i < pending.size(); i++) {
                    pending.get(i).embedding = futures.get(i).join();
                }
                facesEmbedded.inc(pending.size());
            }
            for (FaceRecord f : pending) {
                f.aligned = null;
            }
            result.complete(Collections.singleton(chunk));
        });
    }

    @Override
    public void timeout(PerceivedChunk chunk, ResultFuture<PerceivedChunk> result) {
        embeddingFailures.inc();
        LOG.warn("Face embedding timed out for {}#{}; continuing without face vectors", chunk.streamId, chunk.seq);
        for (FaceRecord f : chunk.faces) {
            f.aligned = null;
        }
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

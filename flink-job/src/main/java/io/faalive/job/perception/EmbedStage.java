package io.faalive.job.perception;

import io.faalive.serving.inference.BatchingExecutor;
import io.faalive.serving.inference.SharedModels;
import io.faalive.serving.perception.PerceptionConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedding stage on Flink async I/O: the items of a chunk go to the TaskManager's shared,
 * batching model (one instance per configuration and device), the subtask keeps working while
 * they wait for a batch, and the vectors are written back into the chunk. A failed or
 * timed-out chunk continues without vectors and is counted, never dropped.
 *
 * @param <I> what the model embeds (a face crop, a window of samples)
 */
abstract class EmbedStage<I> extends RichAsyncFunction<PerceivedChunk, PerceivedChunk> {

    private static final Logger LOG = LoggerFactory.getLogger(EmbedStage.class);

    /** A shared model and the batching executor in front of it. */
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

    /** A loaded model as a batch function. */
    record Model<I>(AutoCloseable resource, Function<List<I>, float[][]> embed) {}

    protected final PerceptionConfig config;
    private final String name;
    private transient SharedModels.Lease<Embedding<I>> embedding;
    private transient InferenceMetrics metrics;
    private transient Counter embedded;
    private transient Counter failures;

    /** {@code name}: the model's name in keys, thread names and metrics (face, voice). */
    EmbedStage(PerceptionConfig config, String name) {
        this.config = config;
        this.name = name;
    }

    /** Loads the model for a configuration already placed on its device. */
    abstract Model<I> load(PerceptionConfig onDevice);

    /** The chunk's items to embed, in the order {@link #accept} gets their vectors. */
    abstract List<I> items(PerceivedChunk chunk);

    /** Writes the vectors back ({@code vectors} null when embedding failed), then drops what is no longer needed. */
    abstract void accept(PerceivedChunk chunk, List<float[]> vectors);

    @Override
    public void open(OpenContext openContext) {
        PerceptionConfig c = PerceptionSettings.onDevice(config, getRuntimeContext());
        embedding = SharedModels.acquire(name + "-embedder/" + c, () -> {
            Model<I> model = load(c);
            return new Embedding<>(new BatchingExecutor<I, float[]>(name + "s",
                    batch -> Arrays.asList(model.embed().apply(batch)), c.maxBatch(), c.maxDelay()), model.resource());
        });
        var group = getRuntimeContext().getMetricGroup();
        metrics = new InferenceMetrics(group, name, embedding.get().executor);
        embedding.get().executor.addListener(metrics);
        embedded = group.counter(name + "Embedded");
        failures = group.counter(name + "EmbeddingFailures");
    }

    @Override
    public void asyncInvoke(PerceivedChunk chunk, ResultFuture<PerceivedChunk> result) {
        List<CompletableFuture<float[]>> futures = new ArrayList<>();
        for (I item : items(chunk)) {
            futures.add(embedding.get().executor.submit(item));
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).whenComplete((ignored, error) -> {
            if (error != null) {
                failures.inc();
                LOG.warn("{} embedding failed for {}#{}; continuing without {} vectors: {}", name, chunk.streamId, chunk.seq,
                        name, error.toString());
                accept(chunk, null);
            } else {
                accept(chunk, futures.stream().map(CompletableFuture::join).toList());
                embedded.inc(futures.size());
            }
            result.complete(Collections.singleton(chunk));
        });
    }

    @Override
    public void timeout(PerceivedChunk chunk, ResultFuture<PerceivedChunk> result) {
        failures.inc();
        LOG.warn("{} embedding timed out for {}#{}; continuing without {} vectors", name, chunk.streamId, chunk.seq, name);
        accept(chunk, null);
        result.complete(Collections.singleton(chunk));
    }

    @Override
    public void close() throws Exception {
        if (embedding != null) {
            embedding.get().executor.removeListener(metrics);
            embedding.close();
        }
        super.close();
    }
}

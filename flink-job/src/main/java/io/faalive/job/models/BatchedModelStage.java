package io.faalive.job.models;

import io.faalive.job.config.PerceptionSettings;
import io.faalive.serving.inference.BatchingExecutor;
import io.faalive.serving.inference.SharedModels;
import io.faalive.serving.perception.PerceptionConfig;
import java.util.ArrayList;
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
 * The one way the job runs a model on many items: a stage on Flink async I/O whose records'
 * items (face crops, voice windows, face-voice pairs) go to a model shared by all subtasks of
 * the TaskManager (one instance per model and configuration, placed on the subtask's device),
 * batched up to {@code faa.inference.max-batch} items or {@code faa.inference.max-delay}. The
 * subtask keeps working while its items wait for a batch. A record whose items fail or time
 * out continues with null outputs and is counted, never dropped.
 *
 * <p>Metrics, per model: {@code <model>Items}, {@code <model>Failures}, and the group
 * {@code model=<model>} of {@link InferenceMetrics}.
 *
 * @param <IN> the stage's input record
 * @param <OUT> the stage's output record
 * @param <X> what the model takes per item
 * @param <Y> what the model gives per item
 */
public abstract class BatchedModelStage<IN, OUT, X, Y> extends RichAsyncFunction<IN, OUT> {

    private static final Logger LOG = LoggerFactory.getLogger(BatchedModelStage.class);

    /** A shared model and the batching executor in front of it. */
    private record Shared<X, Y>(BatchingExecutor<X, Y> executor, BatchedModel<X, Y> model) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            executor.close();
            model.close();
        }
    }

    protected final PerceptionConfig config;
    private final String model;
    private transient SharedModels.Lease<Shared<X, Y>> shared;
    private transient InferenceMetrics metrics;
    private transient Counter items;
    private transient Counter failures;

    /** {@code model}: the model's name in sharing keys, thread names and metrics (face, voice, faa). */
    protected BatchedModelStage(PerceptionConfig config, String model) {
        this.config = config;
        this.model = model;
    }

    /** Loads the model for a configuration already placed on its device. */
    protected abstract BatchedModel<X, Y> load(PerceptionConfig onDevice);

    /** What identifies one loaded instance: subtasks with equal keys share it. */
    protected String instanceKey(PerceptionConfig onDevice) {
        return model + "/" + onDevice;
    }

    /** The record's items, in the order {@link #complete} gets their outputs. */
    protected abstract List<X> items(IN in);

    /** The output record; {@code outputs} is null when the model failed or timed out. */
    protected abstract OUT complete(IN in, List<Y> outputs);

    /** The record in log lines, for example {@code stream#seq}. */
    protected abstract String describe(IN in);

    @Override
    public void open(OpenContext openContext) {
        PerceptionConfig c = PerceptionSettings.onDevice(config, getRuntimeContext());
        shared = SharedModels.acquire(instanceKey(c), () -> {
            BatchedModel<X, Y> loaded = load(c);
            return new Shared<>(new BatchingExecutor<>(model + "s", loaded::run, c.maxBatch(), c.maxDelay()), loaded);
        });
        var group = getRuntimeContext().getMetricGroup();
        metrics = new InferenceMetrics(group, model, shared.get().executor());
        shared.get().executor().addListener(metrics);
        items = group.counter(model + "Items");
        failures = group.counter(model + "Failures");
    }

    @Override
    public void asyncInvoke(IN in, ResultFuture<OUT> result) {
        List<CompletableFuture<Y>> futures = new ArrayList<>();
        for (X item : items(in)) {
            futures.add(shared.get().executor().submit(item));
        }
        if (futures.isEmpty()) {
            result.complete(Collections.singleton(complete(in, List.of())));
            return;
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).whenComplete((ignored, error) -> {
            if (error != null) {
                failures.inc();
                LOG.warn("{} model failed for {}; continuing without its outputs: {}", model, describe(in), error.toString());
                result.complete(Collections.singleton(complete(in, null)));
            } else {
                items.inc(futures.size());
                result.complete(Collections.singleton(complete(in, futures.stream().map(CompletableFuture::join).toList())));
            }
        });
    }

    @Override
    public void timeout(IN in, ResultFuture<OUT> result) {
        failures.inc();
        LOG.warn("{} model timed out for {}; continuing without its outputs", model, describe(in));
        result.complete(Collections.singleton(complete(in, null)));
    }

    @Override
    public void close() throws Exception {
        if (shared != null) {
            shared.get().executor().removeListener(metrics);
            shared.close();
        }
        super.close();
    }
}

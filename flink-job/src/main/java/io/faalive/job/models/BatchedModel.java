package io.faalive.job.models;

import java.util.List;

/**
 * A loaded model as a batch function: one output per input, in order. Closed when the last
 * subtask that leased it closes.
 */
public interface BatchedModel<X, Y> extends AutoCloseable {

    List<Y> run(List<X> batch);

    /** A model whose batch function is {@code run} and whose resources {@code resource} closes. */
    static <X, Y> BatchedModel<X, Y> of(AutoCloseable resource, java.util.function.Function<List<X>, List<Y>> run) {
        return new BatchedModel<>() {
            @Override
            public List<Y> run(List<X> batch) {
                return run.apply(batch);
            }

            @Override
            public void close() throws Exception {
                resource.close();
            }
        };
    }
}

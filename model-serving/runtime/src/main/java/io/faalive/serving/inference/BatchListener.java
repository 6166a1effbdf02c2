package io.faalive.serving.inference;

/**
 * Receives the batching layer's measurements; the Flink operators turn them into the metrics
 * {@code batchSize}, {@code batchLatencyMs}, {@code inflightBatches} and {@code inferenceLatencyMs}.
 */
public interface BatchListener {

    /** A batch ran: its size and how long the model call took. */
    void batchCompleted(int size, long batchLatencyNanos);

    /** One request completed: from submission to result. */
    void requestCompleted(long inferenceLatencyNanos);

    BatchListener NONE = new BatchListener() {
        @Override
        public void batchCompleted(int size, long batchLatencyNanos) {}

        @Override
        public void requestCompleted(long inferenceLatencyNanos) {}
    };
}

package io.faalive.job.models;

import io.faalive.serving.inference.BatchListener;
import io.faalive.serving.inference.BatchingExecutor;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The batching metrics of one model, registered in an operator's group under the model's
 * name: {@code batchSize}, {@code batchLatencyMs}, {@code inferenceLatencyMs} (histograms)
 * and {@code inflightBatches} (gauge). The executor is shared by the TaskManager's subtasks,
 * so every subtask sees all batches.
 */
final class InferenceMetrics implements BatchListener {

    private final Histogram batchSize;
    private final Histogram batchLatencyMs;
    private final Histogram inferenceLatencyMs;

    InferenceMetrics(MetricGroup operator, String model, BatchingExecutor<?, ?> executor) {
        MetricGroup group = operator.addGroup("model", model);
        batchSize = group.histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
        batchLatencyMs = group.histogram("batchLatencyMs", new DescriptiveStatisticsHistogram(1000));
        inferenceLatencyMs = group.histogram("inferenceLatencyMs", new DescriptiveStatisticsHistogram(1000));
        group.gauge("inflightBatches", (Gauge<Integer>) executor::inflightBatches);
    }

    @Override
    public void batchCompleted(int size, long nanos) {
        batchSize.update(size);
        batchLatencyMs.update(nanos / 1_000_000);
    }

    @Override
    public void requestCompleted(long nanos) {
        inferenceLatencyMs.update(nanos / 1_000_000);
    }
}

package io.faalive.serving.inference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Batches single requests for one model: a worker thread takes the first waiting request,
 * then collects more until {@code maxBatch} are in hand or {@code maxDelay} has passed since
 * the first, whichever comes first, and runs them as one call. Latency stays bounded at low
 * load and batches fill at high load. Shared by every subtask of a TaskManager through
 * {@link SharedModels}. A failing batch fails each of its requests, and the worker goes on.
 */
public final class BatchingExecutor<I, O> implements AutoCloseable {

    private record Request<I, O>(I input, CompletableFuture<O> result, long submittedNanos) {}

    private final Function<List<I>, List<O>> model;
    private final int maxBatch;
    private final long maxDelayNanos;
    private final LinkedBlockingQueue<Request<I, O>> queue = new LinkedBlockingQueue<>();
    private final List<BatchListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger inflight = new AtomicInteger();
    private final Thread worker;
    private volatile boolean running = true;

    public BatchingExecutor(String name, Function<List<I>, List<O>> model, int maxBatch, Duration maxDelay) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        this.model = model;
        this.maxBatch = maxBatch;
        this.maxDelayNanos = maxDelay.toNanos();
        this.worker = new Thread(this::loop, "faa-batch-" + name);
        worker.setDaemon(true);
        // engines find themselves through the context class loader (DJL)
        worker.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        worker.start();
    }

    public CompletableFuture<O> submit(I input) {
        CompletableFuture<O> result = new CompletableFuture<>();
        if (!running) {
            result.completeExceptionally(new IllegalStateException("batching executor is closed"));
            return result;
        }
        queue.add(new Request<>(input, result, System.nanoTime()));
        return result;
    }

    public void addListener(BatchListener listener) {
        listeners.add(listener);
    }

    public void removeListener(BatchListener listener) {
        listeners.remove(listener);
    }

    /** Batches being computed right now (0 or 1 with one worker). */
    public int inflightBatches() {
        return inflight.get();
    }

    public int queued() {
        return queue.size();
    }

    private void loop() {
        List<Request<I, O>> batch = new ArrayList<>(maxBatch);
        while (running) {
            try {
                Request<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = first.submittedNanos() + maxDelayNanos;
                while (batch.size() < maxBatch) {
                    long wait = deadline - System.nanoTime();
                    Request<I, O> next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                run(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        for (Request<I, O> r; (r = queue.poll()) != null; ) {
            r.result().completeExceptionally(new IllegalStateException("batching executor closed"));
        }
    }

    private void run(List<Request<I, O>> batch) {
        inflight.incrementAndGet();
        long start = System.nanoTime();
        try {
            List<I> inputs = new ArrayList<>(batch.size());
            for (Request<I, O> r : batch) {
                inputs.add(r.input());
            }
            List<O> outputs = model.apply(inputs);
            if (outputs.size() != batch.size()) {
                throw new IllegalStateException("model returned " + outputs.size() + " results for " + batch.size() + " inputs");
            }
            long end = System.nanoTime();
            for (BatchListener l : listeners) {
                l.batchCompleted(batch.size(), end - start);
            }
            for (int i = 0; i < batch.size(); i++) {
                Request<I, O> r = batch.get(i);
                r.result().complete(outputs.get(i));
                for (BatchListener l : listeners) {
                    l.requestCompleted(end - r.submittedNanos());
                }
            }
        } catch (RuntimeException | Error e) {
            for (Request<I, O> r : batch) {
                r.result().completeExceptionally(e);
            }
        } finally {
            inflight.decrementAndGet();
        }
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
        try {
            worker.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

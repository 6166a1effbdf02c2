package io.faalive.serving.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchingExecutorTest {

    @Test
    void requestsAreBatchedUpToTheBoundAndEachGetsItsOwnResult() throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        try (BatchingExecutor<Integer, Integer> squares = new BatchingExecutor<>("squares",
                in -> in.stream().map(x -> x * x).toList(), 8, Duration.ofMillis(200))) {
            squares.addListener(new BatchListener() {
                public void batchCompleted(int size, long nanos) {
                    sizes.add(size);
                }

                public void requestCompleted(long nanos) {}
            });
            List<CompletableFuture<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                results.add(squares.submit(i));
            }
            for (int i = 0; i < 100; i++) {
                assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i * i);
            }
        }
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);
        assertThat(sizes).allMatch(s -> s <= 8);
        assertThat(sizes.stream().filter(s -> s == 8).count()).as("full batches under load").isGreaterThanOrEqualTo(10);
    }

    @Test
    void aLoneRequestIsNotHeldBackForAFullBatch() throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        try (BatchingExecutor<String, Integer> lengths = new BatchingExecutor<>("lengths",
                in -> in.stream().map(String::length).toList(), 32, Duration.ofMillis(5))) {
            lengths.addListener(new BatchListener() {
                public void batchCompleted(int size, long nanos) {
                    sizes.add(size);
                }

                public void requestCompleted(long nanos) {}
            });
            assertThat(lengths.submit("hello").get(10, TimeUnit.SECONDS)).isEqualTo(5);
        }
        assertThat(sizes).containsExactly(1);
    }

    @Test
    void aFailingBatchFailsItsRequestsAndTheNextBatchStillRuns() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (BatchingExecutor<Integer, Integer> flaky = new BatchingExecutor<>("flaky", in -> {
            if (calls.getAndIncrement() == 0) {
                throw new IllegalStateException("model exploded");
            }
            return in;
        }, 4, Duration.ofMillis(1))) {
            CompletableFuture<Integer> first = flaky.submit(1);
            assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("model exploded");
            assertThat(flaky.submit(2).get(10, TimeUnit.SECONDS)).isEqualTo(2);
        }
    }

    @Test
    void sharedModelsAreCreatedOnceAndClosedWithTheLastLease() {
        AtomicInteger created = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        int before = SharedModels.alive();
        SharedModels.Lease<AutoCloseable> a = SharedModels.acquire("test-model", () -> {
            created.incrementAndGet();
            return closed::incrementAndGet;
        });
        SharedModels.Lease<AutoCloseable> b = SharedModels.acquire("test-model", () -> {
            created.incrementAndGet();
            return closed::incrementAndGet;
        });
        assertThat(b.get()).isSameAs(a.get());
        a.close();
        a.close(); // idempotent
        assertThat(closed.get()).isZero();
        b.close();
        assertThat(created.get()).isEqualTo(1);
        assertThat(closed.get()).isEqualTo(1);
        assertThat(SharedModels.alive()).isEqualTo(before);
    }
}

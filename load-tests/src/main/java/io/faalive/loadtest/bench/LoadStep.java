package io.faalive.loadtest.bench;

import io.faalive.loadtest.StreamPublisher;
import io.faalive.loadtest.media.EncodedChunk;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One step of the load test: N live streams of the same meeting at R times real time for a
 * while, into a running job, and what it cost. Latency of an event: when it was written to Kafka
 * minus when the end of the media span it describes was on air (the producer sends each chunk
 * once its media has been "recorded"). Lag: how far each stream's newest event is behind the
 * media on air, sampled every second; the job keeps up when it does not grow, and the load is
 * sustainable when the job keeps up and p99 latency stays within the budget.
 */
final class LoadStep {

    /** Latency percentiles, ms (nearest rank), over {@code n} events. */
    record Latency(double p50, double p95, double p99, double p999, int n) {

        static Latency of(List<Double> values) {
            double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Latency(rank(v, 0.5), rank(v, 0.95), rank(v, 0.99), rank(v, 0.999), v.length);
        }

        private static double rank(double[] sorted, double q) {
            return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
        }
    }

    /** The figures of one step. */
    record Result(int streams, double seconds, long events, Latency latencyMs, double lagStartS, double lagEndS,
            double lagSlope, double cpuCores, double cpuPerMediaSecond, double rssMb, double heapMb, boolean keepsUp,
            boolean sustainable, List<double[]> lagSeries, java.util.Map<String, OperatorLoad.Load> operators,
            List<double[]> memorySeries, double rssTrendMbPerMin, double heapAfterGcTrendMbPerMin) {}

    private static final long WARM_UP_MS = 10_000;
    /** Lag growth (s per s) below which a step keeps up: 0.05 is 3 s more lag per minute. */
    static final double MAX_LAG_SLOPE = 0.05;

    private LoadStep() {}

    static Result run(String bootstrap, String topic, EventClock clock, OperatorLoad operators, List<EncodedChunk> chunks, int streams,
            double rate, int durationS, String prefix, double budgetS) throws Exception {
        int chunkMs = chunks.get(0).durationMs();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<double[]> lag = new ArrayList<>();
        List<double[]> memory = new ArrayList<>();
        long cpu0;
        long t0;
        long wallStart;
        double mediaSeconds;
        try (StreamPublisher publisher = new StreamPublisher(bootstrap, topic)) {
            Thread producer = new Thread(() -> {
                try {
                    publisher.run(new StreamPublisher.Plan(chunks, streams, rate, 0, prefix));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-producer");
            producer.setDaemon(true);
            producer.start();
            Thread.sleep(WARM_UP_MS);
            cpu0 = os.getProcessCpuTime();
            t0 = System.currentTimeMillis();
            while (System.currentTimeMillis() - t0 < durationS * 1000L) {
                Thread.sleep(1000);
                double at = (System.currentTimeMillis() - t0) / 1000.0;
                lag.add(new double[] {at, lagSeconds(publisher, clock, prefix, streams, chunkMs, rate)});
                memory.add(new double[] {at, rssMb(), heapAfterGcMb()});
            }
            var load = operators.sample(); // under the step's load, before it stops
            publisher.stop();
            producer.join(10_000);
            mediaSeconds = streams * rate * (System.currentTimeMillis() - t0) / 1000.0;
            wallStart = t0;
            long cpuNs = os.getProcessCpuTime() - cpu0;
            double seconds = (System.currentTimeMillis() - t0) / 1000.0;
            // events of spans that ended inside the measured stretch, with time to be written
            Thread.sleep((long) (budgetS * 1000) + 2000);
            List<Double> latencies = new ArrayList<>();
            for (EventClock.Seen e : clock.events(prefix)) {
                int index = Integer.parseInt(e.streamId().substring(prefix.length()));
                long onAir = publisher.onAirMs(e.spanEndMs(), index, streams, chunkMs, rate);
                if (onAir >= wallStart && onAir <= wallStart + seconds * 1000) {
                    latencies.add((double) (e.writtenMs() - onAir));
                }
            }
            Latency stats = Latency.of(latencies);
            double slope = slope(lag.subList(lag.size() / 2, lag.size()));
            double rss = rssMb();
            Runtime rt = Runtime.getRuntime();
            double heap = (rt.totalMemory() - rt.freeMemory()) / 1e6;
            // keeping up: every stream has events and the lag does not grow over the second half
            boolean keepsUp = clock.events(prefix).stream().map(EventClock.Seen::streamId).distinct().count() == streams
                    && slope <= MAX_LAG_SLOPE;
            return new Result(streams, seconds, latencies.size(), stats, lag.get(0)[1], lag.get(lag.size() - 1)[1], slope,
                    cpuNs / 1e9 / seconds, cpuNs / 1e9 / mediaSeconds, rss, heap, keepsUp, keepsUp && stats.p99() <= budgetS * 1000, lag, load,
                    memory, 60 * slope(memory.stream().map(m -> new double[] {m[0], m[1]}).toList()),
                    60 * slope(memory.stream().map(m -> new double[] {m[0], m[2]}).toList()));
        }
    }

    /** The worst stream's lag: media on air now minus its newest event's span end, seconds (its whole media before its first event). */
    private static double lagSeconds(StreamPublisher publisher, EventClock clock, String prefix, int streams, int chunkMs, double rate) {
        long now = System.currentTimeMillis();
        double worst = 0;
        for (int s = 0; s < streams; s++) {
            Long end = clock.furthest(prefix + s);
            if (end == null) {
                continue;
            }
            worst = Math.max(worst, (now - publisher.onAirMs(end, s, streams, chunkMs, rate)) / 1000.0);
        }
        return worst;
    }

    /** Least-squares slope of y over x. */
    static double slope(List<double[]> xy) {
        if (xy.size() < 2) {
            return 0;
        }
        double mx = xy.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double my = xy.stream().mapToDouble(p -> p[1]).average().orElse(0);
        double num = 0;
        double den = 0;
        for (double[] p : xy) {
            num += (p[0] - mx) * (p[1] - my);
            den += (p[0] - mx) * (p[0] - mx);
        }
        return den == 0 ? 0 : num / den;
    }

    /** Heap in use right after the last collection of each heap pool, MB: what the heap holds, garbage aside. */
    static double heapAfterGcMb() {
        double used = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        return used / 1e6;
    }

    /** Resident set size of this process, MB (Linux), NaN elsewhere. */
    static double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // not Linux
        }
        return Double.NaN;
    }
}

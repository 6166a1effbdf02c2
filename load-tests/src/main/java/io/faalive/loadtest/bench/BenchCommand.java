package io.faalive.loadtest.bench;

import com.google.gson.GsonBuilder;
import io.faalive.job.FaaJobMain;
import io.faalive.job.config.KafkaOptions;
import io.faalive.job.config.TopicOptions;
import io.faalive.job.decode.ChunkDecoder;
import io.faalive.job.decode.DecodeSettings;
import io.faalive.loadtest.MediaSources;
import io.faalive.loadtest.cli.Ranges;
import io.faalive.loadtest.cli.SettingsCommand;
import io.faalive.loadtest.kafka.EmbeddedKafka;
import io.faalive.loadtest.kafka.Topics;
import io.faalive.loadtest.media.EncodedChunk;
import io.faalive.loadtest.scenario.GeneratedMeeting;
import io.faalive.loadtest.scenario.ScenarioCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/faa bench}: the whole job under load, Kafka in and events out, on this machine. A
 * composed 720p 25 fps meeting is streamed live as N streams at R times real time into one
 * running job; N doubles while the job keeps up, then is bisected, to find the most streams it
 * sustains (lag does not grow, p99 latency within the budget). The same chunks decoded alone, in
 * the same process, give the cost of the pipeline against decoding.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Load test: live streams of a composed 720p meeting into a running job (in-process Kafka or --bootstrap), "
                + "stepping the number of streams to find the most it sustains in real time; end-to-end latency percentiles, "
                + "lag, CPU and memory per step, and the cost against decoding alone. JSON with --json, Markdown beside it.")
public final class BenchCommand extends SettingsCommand {

    @Option(names = "--streams", defaultValue = "32", paramLabel = "N", description = "Most streams to try (default 32).")
    int maxStreams;

    @Option(names = "--duration", defaultValue = "60", paramLabel = "S", description = "Seconds measured per step, after 10 s of warm-up (default 60).")
    int durationS;

    @Option(names = "--rate", defaultValue = "1.0", paramLabel = "R", description = "Media seconds per wall second of each stream (default 1: real time).")
    double rate;

    @Option(names = "--latency-budget", defaultValue = "1.5", paramLabel = "S", description = "p99 latency a sustained load must keep, seconds (default 1.5).")
    double budgetS;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "An existing Kafka (default: one in this process).")
    String bootstrap;

    @Option(names = "--parallelism", paramLabel = "P", description = "Parallelism of the job (default: the machine's cores).")
    Integer parallelism;

    @Option(names = "--media", paramLabel = "FILE", description = "What each stream plays (default: a composed four-person meeting).")
    Path media;

    @Option(names = "--soak", defaultValue = "0", paramLabel = "S",
            description = "After the search, run the largest load that kept up for S seconds and report the memory and latency trend (default 0: no soak).")
    int soakS;

    @Option(names = "--json", paramLabel = "OUT", description = "Write the figures as JSON (and OUT with .md as a report).")
    Path json;

    private OperatorLoad operators;
    private LoadStep.Result soak;

    /** The steps that kept up, in the order run, before the first that did not: memory not yet grown by an overload. */
    private final List<LoadStep.Result> beforeOverload = new ArrayList<>();

    public BenchCommand() {}

    @Override
    public Integer call() throws Exception {
        Ranges.check(spec, "--streams", maxStreams, 1, 1000);
        Ranges.check(spec, "--duration", durationS, 5, 86_400);
        int cores = Runtime.getRuntime().availableProcessors();
        int p = parallelism != null ? parallelism : cores;
        Path source = media != null ? media : meeting();
        List<EncodedChunk> chunks = MediaSources.chunks(source, 0, 0);
        System.err.printf(Locale.ROOT, "bench: %s (%d chunks), %d cores, job parallelism %d, %.1fx real time, %d s per step%n",
                source, chunks.size(), cores, p, rate, durationS);
        double decodeCpu = decodeCpuPerMediaSecond(chunks);
        System.err.printf(Locale.ROOT, "bench: decoding alone costs %.3f CPU-s per media second%n", decodeCpu);

        EmbeddedKafka embedded = bootstrap == null ? EmbeddedKafka.start() : null;
        String servers = bootstrap != null ? bootstrap : embedded.bootstrapServers();
        TreeMap<Integer, LoadStep.Result> steps = new TreeMap<>();
        try {
            conf.set(KafkaOptions.BOOTSTRAP_SERVERS, servers);
            conf.set(KafkaOptions.STARTING_OFFSETS, KafkaOptions.StartingOffsets.LATEST);
            Topics.requireReachable(servers);
            Topics.ensure(servers, conf);
            int restPort = freePort();
            Configuration flink = new Configuration(conf);
            flink.set(org.apache.flink.configuration.RestOptions.PORT, restPort);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
            env.setParallelism(p);
            FaaJobMain.buildKafkaJob(env, conf);
            JobClient job = env.executeAsync("faa-live bench");
            operators = new OperatorLoad(restPort, job.getJobID().toHexString());
            String run = Long.toString(System.currentTimeMillis() % 100_000);
            try (EventClock clock = new EventClock(servers, conf.get(TopicOptions.TOPIC_SPEAKER_EVENTS))) {
                Thread reader = new Thread(clock, "bench-events");
                reader.setDaemon(true);
                reader.start();
                search(servers, clock, chunks, run, steps);
                int load = steps.values().stream().filter(LoadStep.Result::keepsUp).mapToInt(LoadStep.Result::streams).max().orElse(0);
                if (soakS > 0 && load > 0) {
                    clock.awaitQuiet(3000, 180_000);
                    System.err.printf(Locale.ROOT, "bench: soak: %d streams for %d s%n", load, soakS);
                    soak = LoadStep.run(servers, conf.get(TopicOptions.TOPIC_CHUNKS), clock, operators, chunks, load, rate, soakS,
                            "bench-" + run + "-soak-", budgetS);
                }
            } finally {
                job.cancel().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        report(steps, cores, p, decodeCpu, source);
        return 0;
    }

    /** Doubles the streams while the job keeps up, then bisects between the last that kept up and the first that did not. */
    private void search(String servers, EventClock clock, List<EncodedChunk> chunks, String run, TreeMap<Integer, LoadStep.Result> steps)
            throws Exception {
        beforeOverload.clear();
        int good = 0;
        int bad = maxStreams + 1;
        int n = 1;
        while (n < bad && n > good) {
            LoadStep.Result r = LoadStep.run(servers, conf.get(TopicOptions.TOPIC_CHUNKS), clock, operators, chunks, n, rate, durationS,
                    "bench-" + run + "-" + n + "-", budgetS);
            steps.put(n, r);
            if (bad > maxStreams && r.keepsUp()) {
                beforeOverload.add(r);
            }
            System.err.printf(Locale.ROOT, "bench: %2d streams: latency p50 %.0f / p99 %.0f ms (%d events), lag %.1f -> %.1f s "
                            + "(slope %.3f), CPU %.2f cores, RSS %.0f MB -> %s%n", n, r.latencyMs().p50(), r.latencyMs().p99(),
                    r.events(), r.lagStartS(), r.lagEndS(), r.lagSlope(), r.cpuCores(), r.rssMb(),
                    r.sustainable() ? "sustained" : r.keepsUp() ? "keeps up, p99 over budget" : "falls behind");
            if (r.keepsUp()) {
                good = n;
            } else {
                bad = n;
            }
            n = bad > maxStreams ? Math.min(maxStreams, n * 2) : (good + bad) / 2;
            if (steps.containsKey(n)) {
                break;
            }
            // the next step starts once the job has worked off this one's backlog
            clock.awaitQuiet(3000, 180_000);
        }
    }

    private void report(TreeMap<Integer, LoadStep.Result> steps, int cores, int p, double decodeCpu, Path source) throws Exception {
        LoadStep.Result best = steps.values().stream().filter(LoadStep.Result::sustainable).reduce((a, b) -> b).orElse(null);
        LoadStep.Result capacity = steps.values().stream().filter(LoadStep.Result::keepsUp).reduce((a, b) -> b).orElse(null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cores", cores);
        out.put("parallelism", p);
        out.put("media", source.toString());
        out.put("rate", rate);
        out.put("durationS", durationS);
        out.put("latencyBudgetS", budgetS);
        out.put("sustainableStreams", best == null ? 0 : best.streams());
        out.put("streamsPerCore", best == null ? 0 : best.streams() / (double) cores);
        // the load the job keeps up with, latency aside: where the figures below are taken when nothing is sustainable
        out.put("keepsUpStreams", capacity == null ? 0 : capacity.streams());
        LoadStep.Result at = best != null ? best : capacity;
        out.put("figuresAtStreams", at == null ? 0 : at.streams());
        out.put("latencyMs", at == null ? null : at.latencyMs());
        out.put("decodeCpuPerMediaSecond", decodeCpu);
        out.put("costRatioToDecode", at == null ? Double.NaN : at.cpuPerMediaSecond() / decodeCpu);
        // RSS against streams over the steps run before any overload (memory an overload grew is not given back)
        out.put("rssMbPerStream", beforeOverload.size() < 2 ? Double.NaN
                : LoadStep.slope(beforeOverload.stream().map(r -> new double[] {r.streams(), r.rssMb()}).toList()));
        List<Map<String, Object>> table = new ArrayList<>();
        for (LoadStep.Result r : steps.values()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("streams", r.streams());
            row.put("keepsUp", r.keepsUp());
            row.put("sustainable", r.sustainable());
            row.put("events", r.events());
            row.put("latencyMs", r.latencyMs());
            row.put("lagStartS", r.lagStartS());
            row.put("lagEndS", r.lagEndS());
            row.put("lagSlope", r.lagSlope());
            row.put("cpuCores", r.cpuCores());
            row.put("cpuPerMediaSecond", r.cpuPerMediaSecond());
            row.put("rssMb", r.rssMb());
            row.put("heapMb", r.heapMb());
            row.put("operators", r.operators());
            row.put("lag", r.lagSeries());
            table.add(row);
        }
        out.put("steps", table);
        if (soak != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("streams", soak.streams());
            s.put("seconds", soak.seconds());
            s.put("keepsUp", soak.keepsUp());
            s.put("latencyMs", soak.latencyMs());
            s.put("lagSlope", soak.lagSlope());
            s.put("rssTrendMbPerMin", soak.rssTrendMbPerMin());
            s.put("heapAfterGcTrendMbPerMin", soak.heapAfterGcTrendMbPerMin());
            s.put("memory", soak.memorySeries());
            out.put("soak", s);
        }
        String text = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().serializeNulls().create().toJson(out);
        String md = markdown(steps, out) + (soak == null ? "" : String.format(Locale.ROOT, "%nSoak: %d streams for %.0f s: %s; "
                + "latency p50 / p99 %.0f / %.0f ms; lag trend %.3f s/s; RSS trend %.1f MB/min (%.0f -> %.0f MB); heap after GC "
                + "trend %.1f MB/min%n", soak.streams(), soak.seconds(), soak.keepsUp() ? "kept up" : "fell behind", soak.latencyMs().p50(),
                soak.latencyMs().p99(), soak.lagSlope(), soak.rssTrendMbPerMin(), soak.memorySeries().get(0)[1],
                soak.memorySeries().get(soak.memorySeries().size() - 1)[1], soak.heapAfterGcTrendMbPerMin()));
        System.out.println(md);
        if (json != null) {
            Path parent = json.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(json, text + "\n");
            Files.writeString(json.resolveSibling(json.getFileName().toString().replaceAll("\\.json$", "") + ".md"), md);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String markdown(TreeMap<Integer, LoadStep.Result> steps, Map<String, Object> out) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "sustainable streams (keeping up, p99 within %.1f s): %s on %s "
                        + "cores (%.2f per core); keeping up, latency aside: %s; at %s streams: cost against decoding alone %.2fx; "
                        + "RSS per added stream (before any overload) %.0f MB%n%n",
                (double) out.get("latencyBudgetS"), out.get("sustainableStreams"), out.get("cores"), (double) out.get("streamsPerCore"),
                out.get("keepsUpStreams"), out.get("figuresAtStreams"), (double) out.get("costRatioToDecode"), (double) out.get("rssMbPerStream")));
        b.append("| streams | keeps up | sustained | events | latency p50 / p95 / p99 / p99.9 ms | lag start -> end s (slope) | CPU cores | CPU-s per media s | RSS MB | heap MB |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (LoadStep.Result r : steps.values()) {
            var l = r.latencyMs();
            b.append(String.format(Locale.ROOT, "| %d | %s | %s | %d | %.0f / %.0f / %.0f / %.0f | %.1f -> %.1f (%.3f) | %.2f | %.3f | %.0f | %.0f |%n",
                    r.streams(), r.keepsUp() ? "yes" : "no", r.sustainable() ? "yes" : "no", r.events(), l.p50(), l.p95(), l.p99(), l.p999(), r.lagStartS(),
                    r.lagEndS(), r.lagSlope(), r.cpuCores(), r.cpuPerMediaSecond(), r.rssMb(), r.heapMb()));
        }
        LoadStep.Result at = steps.get((Integer) out.get("figuresAtStreams"));
        if (at != null && !at.operators().isEmpty()) {
            b.append(String.format(Locale.ROOT, "%nWhere the time goes at %d streams (share of each second, average over subtasks):%n%n", at.streams()));
            b.append("| operator chain | busy | busiest subtask | back-pressured |\n|---|---|---|---|\n");
            at.operators().forEach((name, l) -> b.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f |%n",
                    name.length() > 90 ? name.substring(0, 90) + "..." : name, l.busy(), l.busyMax(), l.backPressured())));
        }
        return b.toString();
    }

    /** CPU seconds per media second of decoding the chunks with the job's decoder and settings (one thread, after a warm-up). */
    private static double decodeCpuPerMediaSecond(List<EncodedChunk> chunks) throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        double media = chunks.stream().mapToLong(EncodedChunk::durationMs).sum() / 1000.0;
        try (ChunkDecoder decoder = new ChunkDecoder(DecodeSettings.defaults())) {
            for (EncodedChunk c : chunks.subList(0, Math.min(5, chunks.size()))) {
                decoder.decode(c.payload(), c.container(), 0, c.durationMs());
            }
            long cpu0 = threads.getCurrentThreadCpuTime();
            for (EncodedChunk c : chunks) {
                decoder.decode(c.payload(), c.container(), 0, c.durationMs());
            }
            return (threads.getCurrentThreadCpuTime() - cpu0) / 1e9 / media;
        }
    }

    /** The default media: the composed grid4 meeting (fixtures), else the generated one, made once under .cache/bench. */
    private static Path meeting() throws Exception {
        Path dir = Path.of(System.getProperty("faa.cache", ".cache"), "bench");
        if (MediaSources.fixtureMedia("talking_heads").isPresent()) {
            Path grid4 = dir.resolve("grid4.mp4");
            if (!Files.exists(grid4)) {
                StringWriter err = new StringWriter();
                if (ScenarioCommand.run(new String[] {"--out", dir.toString(), "--only", "grid4"}, new PrintWriter(err, true)) != 0) {
                    throw new IllegalStateException("cannot compose the bench meeting: " + err);
                }
            }
            return grid4;
        }
        return GeneratedMeeting.make(dir, 1);
    }
}

package io.faalive.loadtest;

import io.faalive.job.config.KafkaOptions;
import io.faalive.job.config.TopicOptions;
import io.faalive.loadtest.cli.Ranges;
import io.faalive.loadtest.cli.SettingsCommand;
import io.faalive.loadtest.kafka.Topics;
import io.faalive.loadtest.media.EncodedChunk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code bin/faa produce}: publishes M live streams from a media file (or generated media) into
 * the chunk topic at N times real time, with a progress line every few seconds and a summary.
 */
@Command(name = "produce", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Publishes live streams into Kafka's chunk topic, as a meeting platform would: one-second chunks of a media file, each sent when its media has ended on the stream's clock.")
public final class ProduceCommand extends SettingsCommand {

    @Option(names = "--file", paramLabel = "PATH", description = "Any FFmpeg-readable file (default: generated 640x360 media).")
    Path file;

    @Option(names = "--streams", defaultValue = "2", paramLabel = "M", description = "Parallel streams (default 2).")
    int streams;

    @Option(names = "--speed", defaultValue = "1", paramLabel = "N", description = "Times real time; 0 sends as fast as possible (default 1).")
    double speed;

    @Option(names = "--loops", defaultValue = "1", paramLabel = "L", description = "Times each stream plays the media; 0 repeats until Ctrl-C (default 1).")
    int loops;

    @Option(names = "--stream-prefix", defaultValue = "stream-", paramLabel = "P", description = "Stream ids are P0, P1, ... (default stream-).")
    String prefix;

    @Option(names = "--chunk-ms", defaultValue = "1000", paramLabel = "MS",
            description = "Media per chunk, ms (default 1000): a chunk is sent when its media has ended, so shorter chunks mean less lag.")
    int chunkMs;

    @Option(names = "--progress", defaultValue = "5", paramLabel = "S", description = "Seconds between progress lines; 0 prints none (default 5).")
    int progressS;

    public ProduceCommand() {}

    @Override
    public Integer call() throws Exception {
        Ranges.check(spec, "--streams", streams, 1, 10_000);
        Ranges.check(spec, "--speed", speed, 0, 1000);
        Ranges.check(spec, "--loops", loops, 0, Integer.MAX_VALUE);
        Ranges.check(spec, "--progress", progressS, 0, 3600);
        Ranges.check(spec, "--chunk-ms", chunkMs, 200, 10_000);
        if (file != null && !Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), "no such media file: " + file);
        }
        String bootstrap = conf.get(KafkaOptions.BOOTSTRAP_SERVERS);
        String topic = conf.get(TopicOptions.TOPIC_CHUNKS);
        Topics.requireReachable(bootstrap);
        List<EncodedChunk> chunks = MediaSources.chunks(file, 20, 1, chunkMs);
        Topics.ensure(bootstrap, conf);
        var plan = new StreamPublisher.Plan(chunks, streams, speed, loops, prefix);
        long mediaMs = chunks.stream().mapToLong(EncodedChunk::durationMs).sum();
        System.out.printf(Locale.ROOT, "produce: %d stream%s of %s (%.1f s, %d chunks) at %s to %s on %s%s%n", streams, streams == 1 ? "" : "s",
                file == null ? "generated media" : file, mediaMs / 1000.0, chunks.size(),
                speed == 0 ? "full speed" : String.format(Locale.ROOT, "%.1fx real time", speed), topic, bootstrap,
                loops == 0 ? "; Ctrl-C stops" : "");
        try (StreamPublisher publisher = new StreamPublisher(bootstrap, topic)) {
            Runtime.getRuntime().addShutdownHook(new Thread(publisher::stop));
            long t0 = System.nanoTime();
            Thread progress = new Thread(() -> report(publisher, t0, chunks.size() == 0 ? 0 : mediaMs / chunks.size()), "produce-progress");
            progress.setDaemon(true);
            if (progressS > 0) {
                progress.start();
            }
            publisher.run(plan);
            publisher.flush();
            progress.interrupt();
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "produce: sent %d chunks (%.1f s of media per stream), %d failed, in %.1f s%n",
                    publisher.sent(), publisher.sent() * (mediaMs / 1000.0 / Math.max(1, chunks.size())) / streams,
                    publisher.failed(), seconds);
            return publisher.failed() == 0 ? 0 : 1;
        }
    }

    private void report(StreamPublisher publisher, long t0, long chunkMs) {
        long last = 0;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(progressS * 1000L);
                long sent = publisher.sent();
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "produce: %.0f s: %d chunks sent (%.1f/s now), %.1f s of media per stream, %d failed%n",
                        seconds, sent, (sent - last) / (double) progressS, sent * chunkMs / 1000.0 / streams, publisher.failed());
                last = sent;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

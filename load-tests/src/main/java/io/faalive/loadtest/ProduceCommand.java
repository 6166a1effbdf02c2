package io.faalive.loadtest;

import io.faalive.job.config.KafkaOptions;
import io.faalive.job.config.TopicOptions;
import io.faalive.loadtest.kafka.Topics;
import io.faalive.loadtest.media.EncodedChunk;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import io.faalive.job.config.JobArguments;
import java.util.Set;

/**
 * {@code bin/faa produce}: publishes M live streams from a media file (or generated media)
 * into the chunk topic at N times real time.
 *
 * <pre>
 * --file PATH        any FFmpeg-readable file (default: generated 640x360 media)
 * --streams M        parallel streams (default 2)
 * --speed N          times real time; 0 = as fast as possible (default 1)
 * --loops L          times each stream plays the media; 0 = forever (default 0)
 * --faa.kafka.bootstrap-servers HOST:PORT   and any other faa.* option
 * </pre>
 */
public final class ProduceCommand {

    private ProduceCommand() {}

    public static void main(String[] args) throws Exception {
        JobArguments params = Arguments.parseOrExit("produce", args, Set.of("file", "streams", "speed", "loops", "stream-prefix"));
        Configuration conf = params.conf();
        String file = params.get("file", null);
        List<EncodedChunk> chunks = MediaSources.chunks(file == null ? null : Path.of(file), 20, 1);
        String bootstrap = conf.get(KafkaOptions.BOOTSTRAP_SERVERS);
        Topics.ensure(bootstrap, conf);
        var plan = new StreamPublisher.Plan(chunks, params.getInt("streams", 2, 1, 10_000), params.getDouble("speed", 1.0, 0.01, 1000),
                params.getInt("loops", 0, 0, Integer.MAX_VALUE), params.get("stream-prefix", "stream-"));
        System.out.printf("Publishing %d streams of %d chunks at %.1fx real time to %s on %s (Ctrl-C stops)%n",
                plan.streams(), chunks.size(), plan.speed(), conf.get(TopicOptions.TOPIC_CHUNKS), bootstrap);
        try (StreamPublisher publisher = new StreamPublisher(bootstrap, conf.get(TopicOptions.TOPIC_CHUNKS))) {
            Runtime.getRuntime().addShutdownHook(new Thread(publisher::stop));
            long t0 = System.nanoTime();
            publisher.run(plan);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("Sent %d chunks (%d failed) in %.1f s%n", publisher.sent(), publisher.failed(), seconds);
        }
    }
}

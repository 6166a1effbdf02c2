package io.faalive.loadtest.kafka;

import io.faalive.job.config.TopicOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** Creates the product's topics, as configured in {@link FaaJobOptions}, where they are missing. */
public final class Topics {

    /** Chunks and dead letters carrying chunks can be several MB. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private Topics() {}

    /** How long a command waits for the broker before it gives up with one line (JVM start included, within 10 s). */
    public static final Duration REACH_TIMEOUT = Duration.ofSeconds(6);

    /**
     * Fails with one line, within {@link #REACH_TIMEOUT}, when no broker answers at
     * {@code bootstrapServers} (a client would otherwise retry silently for minutes).
     */
    public static void requireReachable(String bootstrapServers) throws IOException {
        Properties props = new Properties();
        props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(REACH_TIMEOUT.toMillis()));
        props.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(REACH_TIMEOUT.toMillis()));
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get(REACH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("no Kafka broker answers at " + bootstrapServers + " within " + REACH_TIMEOUT.toSeconds()
                    + " s (start one with bin/faa broker, or set --faa.kafka.bootstrap-servers)");
        }
    }

    public static List<String> ensure(String bootstrapServers, Configuration conf) throws Exception {
        int partitions = conf.get(TopicOptions.TOPIC_PARTITIONS);
        Map<String, String> common = Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MESSAGE_BYTES));
        List<NewTopic> wanted = new ArrayList<>();
        for (var option : TopicOptions.ALL) {
            Map<String, String> configs = new java.util.HashMap<>(common);
            if (option == TopicOptions.TOPIC_ENROLLMENTS) {
                // the gallery: the latest record per person, kept for ever; a tombstone removes one
                configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            }
            wanted.add(new NewTopic(conf.get(option), partitions, (short) 1).configs(configs));
        }
        Properties props = new Properties();
        props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
            return missing.stream().map(NewTopic::name).toList();
        }
    }
}

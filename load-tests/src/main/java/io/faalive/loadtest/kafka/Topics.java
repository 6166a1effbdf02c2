package io.faalive.loadtest.kafka;

import io.faalive.job.config.TopicOptions;
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

    public static List<String> ensure(String bootstrapServers, Configuration conf) throws Exception {
        int partitions = conf.get(TopicOptions.TOPIC_PARTITIONS);
        Map<String, String> common = Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MESSAGE_BYTES));
        List<NewTopic> wanted = new ArrayList<>();
        for (var option : List.of(TopicOptions.TOPIC_CHUNKS, TopicOptions.TOPIC_SUMMARIES, TopicOptions.TOPIC_PERCEPTION, TopicOptions.TOPIC_SPEAKER_EVENTS,
                TopicOptions.TOPIC_DEAD_LETTER)) {
            wanted.add(new NewTopic(conf.get(option), partitions, (short) 1).configs(common));
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

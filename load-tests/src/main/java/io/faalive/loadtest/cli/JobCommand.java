package io.faalive.loadtest.cli;

import io.faalive.job.FaaJobMain;
import io.faalive.job.config.KafkaOptions;
import io.faalive.job.config.TopicOptions;
import io.faalive.loadtest.kafka.Topics;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code bin/faa job}: the streaming job against a Kafka that is already running (bin/faa broker,
 * or your own), on a local Flink MiniCluster with its web UI. For a Flink cluster, submit the
 * jar of {@code bin/faa job-jar} instead.
 */
@Command(name = "job", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the job against an existing Kafka (--faa.kafka.bootstrap-servers, default localhost:9092) on a local Flink MiniCluster with its web UI; creates the topics it needs. Ctrl-C stops it.")
public final class JobCommand extends SettingsCommand {


    @Mixin
    LocalClusterOptions cluster;

    @Override
    public Integer call() throws Exception {
        cluster.check(spec);
        String bootstrap = conf.get(KafkaOptions.BOOTSTRAP_SERVERS);
        Topics.requireReachable(bootstrap);
        Topics.ensure(bootstrap, conf);
        Configuration flinkConf = new Configuration(conf);
        flinkConf.set(RestOptions.PORT, cluster.port);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flinkConf);
        env.setParallelism(cluster.parallelism);
        FaaJobMain.buildKafkaJob(env, conf);
        System.out.printf("job: reading %s on %s, writing %s; Flink web UI http://localhost:%d; Ctrl-C stops%n",
                conf.get(TopicOptions.TOPIC_CHUNKS), bootstrap, conf.get(TopicOptions.TOPIC_SPEAKER_EVENTS), cluster.port);
        String log = System.getProperty("faa.log.file");
        if (log != null) {
            System.out.println("job: logs in " + log);
        }
        env.execute(FaaJobMain.JOB_NAME);
        return 0;
    }
}

package io.faalive.job;

import io.faalive.job.sink.KafkaConnectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import io.faalive.job.config.JobArguments;

/**
 * Runs the job against real Kafka topics. Options come from the Flink configuration and
 * from {@code --key value} arguments, e.g.
 * {@code flink run faa-flink-job-job.jar --faa.kafka.bootstrap-servers kafka:9092}.
 */
public final class FaaJobMain {

    public static final String JOB_NAME = "faa-live";

    private FaaJobMain() {}

    public static void main(String[] args) throws Exception {
        // a bad option fails here, in one line, before the job is submitted
        Configuration conf = JobArguments.parse(args, java.util.Set.of()).conf();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.getConfig().setGlobalJobParameters(conf);
        buildKafkaJob(env, conf);
        env.execute(JOB_NAME);
    }

    /** Adds the Kafka-wired pipeline to {@code env}: shared by the main class, the demo and the end-to-end tests. */
    public static void buildKafkaJob(StreamExecutionEnvironment env, Configuration conf) {
        new FaaJob(new FaaJob.Sources(KafkaConnectors.chunkSource(conf), KafkaConnectors.enrollmentSource(conf),
                KafkaConnectors.modelUpdateSource(conf)),
                new FaaJob.Sinks(KafkaConnectors.summarySink(conf), KafkaConnectors.perceptionSink(conf),
                        KafkaConnectors.speakerEventSink(conf), KafkaConnectors.associationEventSink(conf),
                        KafkaConnectors.mismatchAlertSink(conf), KafkaConnectors.sampleSink(conf), KafkaConnectors.deadLetterSink(conf)), conf).build(env);
    }
}

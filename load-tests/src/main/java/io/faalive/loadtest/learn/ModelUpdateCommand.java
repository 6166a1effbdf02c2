package io.faalive.loadtest.learn;

import io.faalive.job.config.KafkaOptions;
import io.faalive.job.config.TopicOptions;
import io.faalive.loadtest.cli.SettingsCommand;
import io.faalive.loadtest.kafka.Topics;
import io.faalive.schemas.AvroCodec;
import io.faalive.schemas.ModelUpdate;
import io.faalive.serving.faa.ModelArtifact;
import io.faalive.serving.faa.ModelInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code bin/faa model-update --path MODEL_DIR}: asks the running job to switch to another FAA
 * model, with the SHA-256 of its parameters so the job can check it is loading what was sent.
 * The job loads it in the background and switches, or dead-letters the update with the reason.
 */
@Command(name = "model-update", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Publishes a ModelUpdate (version, path, SHA-256 of faa.params) to the model-updates topic: the running job "
                + "loads the model in the background and switches to it, or dead-letters the update with the reason.")
public final class ModelUpdateCommand extends SettingsCommand {

    @Option(names = "--path", required = true, paramLabel = "MODEL_DIR",
            description = "The model directory (bin/faa train --out), as the job's TaskManagers see it.")
    Path path;

    @Option(names = "--version", paramLabel = "V", description = "Version events will carry (default: the model's own).")
    String version;

    public ModelUpdateCommand() {}

    @Override
    public Integer call() throws Exception {
        Path params = path.resolve(ModelArtifact.PARAMS);
        if (!Files.isRegularFile(params) || !Files.isRegularFile(path.resolve(ModelArtifact.INFO))) {
            throw new ParameterException(spec.commandLine(), "no FAA model in " + path + " (model.json and faa.params; bin/faa train --out writes them)");
        }
        ModelInfo info = ModelArtifact.readInfo(path);
        String v = version != null ? version : info.version;
        String sha = io.faalive.serving.runtime.ModelFile.sha256Of(params);
        String bootstrap = conf.get(KafkaOptions.BOOTSTRAP_SERVERS);
        Topics.requireReachable(bootstrap);
        Topics.ensure(bootstrap, conf);
        String topic = conf.get(TopicOptions.TOPIC_MODEL_UPDATES);
        ModelUpdate update = ModelUpdate.newBuilder().setVersion(v).setPath(path.toAbsolutePath().toString()).setSha256(sha)
                .setRequestedAtMs(System.currentTimeMillis()).build();
        Properties props = new Properties();
        props.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, v.getBytes(StandardCharsets.UTF_8), AvroCodec.of(ModelUpdate.class).encode(update)))
                    .get(30, TimeUnit.SECONDS);
        }
        System.err.printf("model-update: %s (%s, faces %s, voices %s, sha256 %s) -> %s at %s%n", v, path, info.faceEncoderId,
                info.voiceEncoderId, sha.substring(0, 12), topic, bootstrap);
        return 0;
    }
}

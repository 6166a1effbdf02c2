package io.faalive.loadtest.cli;

import io.faalive.loadtest.kafka.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import kafka.tools.StorageTool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/faa broker}: a standalone single-node Kafka (KRaft, combined broker and controller)
 * whose data survives restarts, for {@code bin/faa job}, {@code produce} and {@code tail}.
 */
@Command(name = "broker", mixinStandardHelpOptions = true, sortOptions = false,
        description = "A standalone single-node Kafka broker (KRaft) on this machine; its data survives restarts. Ctrl-C stops it cleanly.")
public final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = "${sys:faa.cache:-.cache}/kafka", paramLabel = "DIR", description = "Where the broker keeps its data (default .cache/kafka).")
    Path data;

    @Option(names = "--port", defaultValue = "9092", paramLabel = "P", description = "Client port (default 9092).")
    int port;

    @Option(names = "--controller-port", defaultValue = "9093", paramLabel = "P", description = "Controller port (default 9093).")
    int controllerPort;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Ranges.check(spec, "--port", port, 1, 65535);
        Ranges.check(spec, "--controller-port", controllerPort, 1, 65535);
        Files.createDirectories(data);
        Path dir = data.toAbsolutePath().normalize();
        Path props = dir.resolve("server.properties");
        Files.writeString(props, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=localhost:" + controllerPort,
                "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dir.resolve("logs"),
                "num.partitions=4",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "message.max.bytes=" + Topics.MAX_MESSAGE_BYTES, ""));
        if (!Files.exists(dir.resolve("logs/meta.properties"))) {
            String id = storageTool("random-uuid").strip();
            storageTool("format", "--standalone", "-t", id, "-c", props.toString());
            System.out.println("broker: formatted " + dir.resolve("logs") + " (cluster " + id + ")");
        }
        System.out.println("broker: Kafka on localhost:" + port + " (data " + dir + "). Ctrl-C stops it cleanly.");
        kafka.Kafka.main(new String[] {props.toString()}); // returns when the broker has shut down
        return 0;
    }

    private static String storageTool(String... args) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code = StorageTool.execute(args, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String output = buffer.toString(StandardCharsets.UTF_8);
        if (code != 0) {
            throw new IOException("kafka-storage " + args[0] + " failed: " + Errors.firstLine(output));
        }
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1];
    }
}

package io.faalive.loadtest.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The options of a command that runs the job on a local MiniCluster with its web UI (a picocli mixin). */
public final class LocalClusterOptions {

    @Option(names = "--port", defaultValue = "8081", paramLabel = "P", description = "Port of the Flink web UI (default 8081).")
    public int port;

    @Option(names = "--parallelism", defaultValue = "2", paramLabel = "N", description = "Parallelism of the job (default 2).")
    public int parallelism;

    public void check(CommandSpec spec) {
        Ranges.check(spec, "--port", port, 1, 65535);
        Ranges.check(spec, "--parallelism", parallelism, 1, 64);
    }
}

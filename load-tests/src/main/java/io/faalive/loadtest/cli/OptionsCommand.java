package io.faalive.loadtest.cli;

import io.faalive.job.config.OptionsTable;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code bin/faa options}: the configuration table (flink-job/CONFIGURATION.md), generated from the option classes. */
@Command(name = "options", mixinStandardHelpOptions = true,
        description = "Every faa.* option with its default and description, as Markdown (the table of flink-job/CONFIGURATION.md).")
public final class OptionsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        OptionsTable.main(new String[0]);
        return 0;
    }
}

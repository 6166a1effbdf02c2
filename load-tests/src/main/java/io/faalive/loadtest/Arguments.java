package io.faalive.loadtest;

import io.faalive.job.config.JobArguments;
import java.util.Set;
import org.apache.flink.configuration.IllegalConfigurationException;

/** How the bin/faa commands that run the job read their command line: a bad one costs one line and exit code 2. */
final class Arguments {

    private Arguments() {}

    /** The parsed, validated arguments; on a bad command line prints one line, {@code command: reason}, and exits 2. */
    static JobArguments parseOrExit(String command, String[] args, Set<String> options) {
        try {
            return JobArguments.parse(args, options);
        } catch (IllegalConfigurationException e) {
            System.err.println(command + ": " + e.getMessage());
            System.exit(2);
            return null;
        }
    }
}

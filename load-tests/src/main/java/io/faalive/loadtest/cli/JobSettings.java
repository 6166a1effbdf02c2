package io.faalive.loadtest.cli;

import io.faalive.job.config.JobArguments;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.Configuration;

/**
 * The {@code --faa.*} settings of a command line (and Flink's own dotted keys), taken out before
 * picocli reads the rest: a setting's value is always the next argument as written, so
 * {@code --faa.window.hop "-1 s"} is a (bad) value and not an option. Validated as a whole by
 * {@link JobArguments}: an unknown key names the closest known one, a bad value names its rule.
 */
final class JobSettings {

    private JobSettings() {}

    /** A command line split into the settings (key and value pairs, as written) and the rest. */
    record Split(List<String> settings, List<String> rest) {}

    static Split split(String[] args) {
        List<String> settings = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String key = arg.startsWith("--") ? arg.substring(2).split("=", 2)[0] : "";
            if (!key.contains(".")) {
                rest.add(arg);
                continue;
            }
            settings.add(arg);
            if (!arg.contains("=") && i + 1 < args.length) {
                settings.add(args[++i]);
            }
        }
        return new Split(settings, rest);
    }

    /** The validated configuration; throws {@code IllegalConfigurationException} with one line. */
    static Configuration configuration(List<String> settings) {
        return JobArguments.parse(settings.toArray(new String[0]), Set.of()).conf();
    }
}

package io.faalive.job.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.IllegalConfigurationException;

/**
 * A command line of {@code --key value} pairs and positional arguments, as every entry point
 * reads it: {@code --faa.*} keys (and Flink's own dotted keys) go to the configuration, the
 * command's own options (a fixed set) to {@link #command()}. A value is the next argument as
 * written, even when it starts with '-' ({@code --faa.window.hop "-1 s"} is a value, and then a
 * bad one). The configuration is validated here, so a bad value stops the command before any
 * service starts.
 *
 * @param conf the configuration, validated
 * @param command the command's own options by name (without dashes)
 * @param positionals the arguments that are not options, in order
 */
public record JobArguments(Configuration conf, Map<String, String> command, List<String> positionals) {

    /**
     * Parses and validates; throws {@link IllegalConfigurationException} with one line on an
     * unknown option, a missing value or a bad value.
     */
    public static JobArguments parse(String[] args, Set<String> commandOptions) {
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> command = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                positionals.add(arg);
                continue;
            }
            String key = arg.substring(2);
            String value = null;
            int eq = key.indexOf('=');
            if (eq > 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            }
            boolean setting = key.contains(".");
            if (!setting && !commandOptions.contains(key)) {
                throw new IllegalConfigurationException("Unknown option --" + key
                        + (commandOptions.isEmpty() ? "" : " (this command takes --" + String.join(", --", new TreeSet<>(commandOptions))
                                + " and --faa.* options)") + ".");
            }
            if (value == null) {
                throw new IllegalConfigurationException("Option --" + key + " needs a value.");
            }
            (setting ? settings : command).put(key, value);
        }
        Configuration conf = Configuration.fromMap(settings);
        FaaOptions.validate(conf);
        return new JobArguments(conf, command, positionals);
    }

    /** A command option's value, or {@code fallback} when absent. */
    public String get(String name, String fallback) {
        return command.getOrDefault(name, fallback);
    }

    /** A command option read as an integer within [min, max]. */
    public int getInt(String name, int fallback, int min, int max) {
        return number(name, fallback, min, max, "an integer", Integer::parseInt).intValue();
    }

    /** A command option read as a number within [min, max]. */
    public double getDouble(String name, double fallback, double min, double max) {
        return number(name, fallback, min, max, "a number", Double::parseDouble).doubleValue();
    }

    private Number number(String name, Number fallback, Number min, Number max, String kind,
            java.util.function.Function<String, Number> parse) {
        String raw = command.get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            Number v = parse.apply(raw.trim());
            if (v.doubleValue() >= min.doubleValue() && v.doubleValue() <= max.doubleValue()) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalConfigurationException("Invalid --" + name + " '" + raw + "': must be " + kind + " in [" + min + ", " + max + "].");
    }
}

package io.faalive.job.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.util.TimeUtils;

/**
 * Reads options for their checks and fails in one line that names the key, the value as the
 * user wrote it (or the default, formatted as one would write it) and the rule.
 */
public final class Rules {

    private final Configuration conf;

    Rules(Configuration conf) {
        this.conf = conf;
    }

    /** The option's value; a value that cannot be read as the option's type fails with the key. */
    public <T> T get(ConfigOption<T> option) {
        try {
            return conf.get(option);
        } catch (RuntimeException e) {
            throw new IllegalConfigurationException("Invalid " + option.key() + " '" + written(option) + "': "
                    + readableCause(e));
        }
    }

    /** Fails unless {@code ok}, stating {@code rule} for the option. */
    public void require(boolean ok, ConfigOption<?> option, String rule) {
        if (!ok) {
            throw new IllegalConfigurationException("Invalid " + option.key() + " '" + written(option) + "': " + rule + ".");
        }
    }

    /** The value as written in the configuration or on the command line; the default when unset. */
    public String written(ConfigOption<?> option) {
        String raw = conf.toMap().get(option.key());
        if (raw != null) {
            return raw;
        }
        Object value = option.hasDefaultValue() ? option.defaultValue() : null;
        return value instanceof Duration d ? TimeUtils.formatWithHighestUnit(d) : String.valueOf(value);
    }

    private static String readableCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}

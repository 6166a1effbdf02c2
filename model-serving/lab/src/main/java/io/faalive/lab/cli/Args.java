package io.faalive.lab.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --key value} parsing for the model commands. The options a command accepts are the
 * {@code --names} its usage text mentions, so a misspelt option ({@code --max-epoch}) is an
 * error rather than silently ignored, and the usage printed with the error is the full list.
 * Every problem is a {@link UsageException}; {@link Command#exitCode} prints it.
 */
final class Args {

    /** A command line the command cannot run: unknown option, missing or malformed value. */
    static final class UsageException extends IllegalArgumentException {
        UsageException(String message) {
            super(message);
        }
    }

    private static final Pattern OPTION = Pattern.compile("--([a-z][a-z0-9-]*)");

    private final Map<String, String> values = new HashMap<>();
    private final String usage;

    Args(String[] args, String usage) {
        this.usage = usage;
        Set<String> known = new TreeSet<>();
        Matcher m = OPTION.matcher(usage);
        while (m.find()) {
            known.add(m.group(1));
        }
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw fail("unexpected argument '" + args[i] + "'");
            }
            String key = args[i].substring(2);
            if (!known.contains(key)) {
                throw fail("unknown option --" + key);
            }
            String value = i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "true";
            values.put(key, value);
        }
    }

    String required(String key) {
        String v = values.get(key);
        if (v == null) {
            throw fail("--" + key + " is required");
        }
        return v;
    }

    String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    long getLong(String key, long fallback) {
        String v = values.get(key);
        try {
            return v == null ? fallback : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw fail("--" + key + " must be an integer, not '" + v + "'");
        }
    }

    /** An integer option that must be at least {@code min}. */
    int getInt(String key, int fallback, int min) {
        long v = getLong(key, fallback);
        if (v < min || v > Integer.MAX_VALUE) {
            throw fail("--" + key + " must be an integer of at least " + min + ", not " + v);
        }
        return (int) v;
    }

    /** A finite number option within [min, max]. */
    float getFloat(String key, float fallback, float min, float max) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        float f;
        try {
            f = Float.parseFloat(v);
        } catch (NumberFormatException e) {
            throw fail("--" + key + " must be a number, not '" + v + "'");
        }
        if (!(f >= min && f <= max)) {
            throw fail("--" + key + " must be between " + min + " and " + max + ", not " + v);
        }
        return f;
    }

    /** {@code true} or {@code false} (a bare {@code --key} means true); anything else is an error, not false. */
    boolean getBoolean(String key, boolean fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw fail("--" + key + " must be true or false, not '" + v + "'");
        };
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    /** The error to throw; the usage text is printed with it. */
    UsageException fail(String message) {
        return new UsageException(message);
    }
}

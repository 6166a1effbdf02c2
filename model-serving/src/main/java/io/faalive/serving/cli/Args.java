package io.faalive.serving.cli;

import java.util.HashMap;
import java.util.Map;

/** Minimal {@code --key value} parsing with clear errors, for the model commands. */
final class Args {

    private final Map<String, String> values = new HashMap<>();
    private final String usage;

    Args(String[] args, String usage) {
        this.usage = usage;
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                fail("unexpected argument '" + args[i] + "'");
            }
            String key = args[i].substring(2);
            String value = i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "true";
            values.put(key, value);
        }
    }

    String required(String key) {
        String v = values.get(key);
        if (v == null) {
            fail("--" + key + " is required");
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
            fail("--" + key + " must be an integer, not '" + v + "'");
            return fallback;
        }
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    void fail(String message) {
        System.err.println("error: " + message + "\n\n" + usage);
        System.exit(2);
    }
}

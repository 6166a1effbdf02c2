package io.faalive.job.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.IllegalConfigurationException;

/**
 * Every {@code faa.*} setting, grouped by concern in the option classes below; the one place
 * that knows them all: the full list (for the README's table and for refusing misspelt keys)
 * and the checks that run before any service starts.
 */
public final class FaaOptions {

    /** The option classes, in the order the README lists them. */
    public static final List<Class<?>> GROUPS = List.of(KafkaOptions.class, TopicOptions.class, DecodeOptions.class,
            EventTimeOptions.class, FaceOptions.class, TrackOptions.class, AudioOptions.class, SyncOptions.class,
            AssociationOptions.class, IdentityOptions.class, HarvestOptions.class, ModelOptions.class, InferenceOptions.class);

    private static final Map<String, ConfigOption<?>> BY_KEY = byKey();

    private FaaOptions() {}

    /** Every option, group by group, in declaration order. */
    public static List<ConfigOption<?>> all() {
        return List.copyOf(BY_KEY.values());
    }

    /** The options of one group, in declaration order. */
    public static List<ConfigOption<?>> of(Class<?> group) {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Field f : group.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && ConfigOption.class.isAssignableFrom(f.getType())) {
                try {
                    options.add((ConfigOption<?>) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return options;
    }

    /**
     * Checks a configuration before anything starts: every {@code faa.*} key must be a known
     * option (a misspelt one names the closest), every value readable and within its rule,
     * and settings that depend on each other consistent. Throws an
     * {@link IllegalConfigurationException} with one line.
     */
    public static void validate(Configuration conf) {
        for (String key : conf.keySet()) {
            if (key.startsWith("faa.") && !BY_KEY.containsKey(key)) {
                throw new IllegalConfigurationException("Unknown option " + key + closest(key) + ".");
            }
        }
        Rules rules = new Rules(conf);
        for (ConfigOption<?> option : BY_KEY.values()) {
            rules.get(option); // every value readable (enums name a constant, durations parse)
        }
        KafkaOptions.validate(rules);
        TopicOptions.validate(rules);
        DecodeOptions.validate(rules);
        EventTimeOptions.validate(rules);
        FaceOptions.validate(rules);
        TrackOptions.validate(rules);
        AudioOptions.validate(rules);
        AssociationOptions.validate(rules);
        IdentityOptions.validate(rules);
        HarvestOptions.validate(rules);
        ModelOptions.validate(rules);
        InferenceOptions.validate(rules);
        // SyncOptions: its cue and model files need only be readable, checked above
    }

    private static String closest(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : BY_KEY.keySet()) {
            int d = distance(key, known);
            if (d < bestDistance) {
                bestDistance = d;
                best = known;
            }
        }
        return best != null && bestDistance <= Math.max(3, key.length() / 4) ? " (did you mean " + best + "?)" : "";
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    private static Map<String, ConfigOption<?>> byKey() {
        Map<String, ConfigOption<?>> options = new LinkedHashMap<>();
        for (Class<?> group : GROUPS) {
            for (ConfigOption<?> option : of(group)) {
                if (options.put(option.key(), option) != null) {
                    throw new IllegalStateException("option " + option.key() + " is declared twice");
                }
            }
        }
        return Collections.unmodifiableMap(options);
    }
}

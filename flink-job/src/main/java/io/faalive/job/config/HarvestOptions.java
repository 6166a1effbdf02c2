package io.faalive.job.config;

import io.faalive.serving.harvest.SampleHarvester;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/** The learning loop's harvest: single-speaker segments written as unlabeled FAA training material. */
public final class HarvestOptions {

    private HarvestOptions() {}

    public static final ConfigOption<Boolean> ENABLED = ConfigOptions.key("faa.harvest.enabled")
            .booleanType().defaultValue(true)
            .withDescription("Write single-speaker segments (one bound face clearly speaking with one session voice) to the samples topic as HarvestedSample records: vectors and times only, never pixels or audio.");

    public static final ConfigOption<Duration> MIN_SPEECH = ConfigOptions.key("faa.harvest.min-speech")
            .durationType().defaultValue(Duration.ofSeconds(2))
            .withDescription("Least speech in a harvested segment.");

    public static final ConfigOption<Duration> MAX_SPEECH = ConfigOptions.key("faa.harvest.max-speech")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("A segment this long is cut into a sample and the next one starts.");

    public static final ConfigOption<Double> MIN_SYNC = ConfigOptions.key("faa.harvest.min-sync")
            .doubleType().defaultValue(0.2)
            .withDescription("Least mean sync score (the cue's scale) of the face over a segment.");

    static void validate(Rules r) {
        r.require(r.get(MIN_SPEECH).toMillis() >= r.get(AudioOptions.WINDOW_HOP).toMillis(), MIN_SPEECH, "must be at least one window hop");
        r.require(r.get(MAX_SPEECH).compareTo(r.get(MIN_SPEECH)) >= 0, MAX_SPEECH, "must be at least faa.harvest.min-speech");
    }

    /** The runtime settings, or null when harvesting is off. */
    public static SampleHarvester.Settings settings(Configuration conf) {
        if (!conf.get(ENABLED)) {
            return null;
        }
        return new SampleHarvester.Settings(conf.get(MIN_SPEECH).toMillis(), conf.get(MAX_SPEECH).toMillis(),
                conf.get(MIN_SYNC).floatValue(), conf.get(AudioOptions.WINDOW_HOP).toMillis());
    }
}

package io.faalive.job.config;

import io.faalive.serving.associate.AssociationSettings;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/** Association: who speaks, session speakers and voice-to-face bindings. */
public final class AssociationOptions {

    private AssociationOptions() {}

    public static final ConfigOption<Duration> LOOKAHEAD = ConfigOptions.key("faa.associate.lookahead")
            .durationType().defaultValue(Duration.ofMillis(250))
            .withDescription("How far behind a window's end the span it decides ends: more evidence after a change, more latency.");

    public static final ConfigOption<Double> MIN_SYNC = ConfigOptions.key("faa.associate.min-sync")
            .doubleType().defaultValue(0.25)
            .withDescription("Sync score below which no visible face is taken to speak, so speech is reported OFF_SCREEN (the sync cue's scale).");

    public static final ConfigOption<Double> TAKEOVER_MARGIN = ConfigOptions.key("faa.associate.takeover-margin")
            .doubleType().defaultValue(0.1)
            .withDescription("How much a challenger's score must exceed the current speaker's to take the floor.");

    public static final ConfigOption<Duration> MIN_HOLD = ConfigOptions.key("faa.associate.min-hold")
            .durationType().defaultValue(Duration.ofMillis(500))
            .withDescription("Least time a speaker holds the floor before another can take over.");

    public static final ConfigOption<Duration> SILENCE_HANGOVER = ConfigOptions.key("faa.associate.silence-hangover")
            .durationType().defaultValue(Duration.ofMillis(1500))
            .withDescription("Silences shorter than this are reported as SILENCE but keep the turn: the same speaker resumes.");

    public static final ConfigOption<Double> BINDING_BONUS = ConfigOptions.key("faa.associate.binding-bonus")
            .doubleType().defaultValue(0.15)
            .withDescription("Score added to the track bound to the current turn's session speaker.");

    public static final ConfigOption<Double> CLEAR_MARGIN = ConfigOptions.key("faa.associate.clear-margin")
            .doubleType().defaultValue(0.15)
            .withDescription("How far a track's sync must lead every other track for the window to count as binding evidence.");

    public static final ConfigOption<Duration> MIN_BINDING = ConfigOptions.key("faa.associate.min-binding")
            .durationType().defaultValue(Duration.ofMillis(1000))
            .withDescription("Speech of a voice for which one track was the clear sync winner before the two are bound.");

    public static final ConfigOption<Duration> MIN_TURN_SPEECH = ConfigOptions.key("faa.associate.min-turn-speech")
            .durationType().defaultValue(Duration.ofMillis(1500))
            .withDescription("Pooled speech a turn needs before its voice is matched to the session's speakers.");

    public static final ConfigOption<Double> VOICE_JOIN = ConfigOptions.key("faa.associate.voice-join")
            .doubleType().defaultValue(0.5)
            .withDescription("Voice cosine at or above which a turn joins an existing session speaker rather than founding a new one.");

    public static final ConfigOption<Double> VOICE_KEEP = ConfigOptions.key("faa.associate.voice-keep")
            .doubleType().defaultValue(0.35)
            .withDescription("Voice cosine at or above which a turn keeps the session speaker already bound to its face.");

    public static final ConfigOption<Double> VOICE_MERGE = ConfigOptions.key("faa.associate.voice-merge")
            .doubleType().defaultValue(0.75)
            .withDescription("Cosine between two session speakers' voices at or above which they are merged into the older id.");

    public static final ConfigOption<Duration> TRACK_FORGET = ConfigOptions.key("faa.associate.track-forget")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("A face track unseen this long loses its binding evidence and bindings.");

    public static final ConfigOption<String> MODEL_VERSION = ConfigOptions.key("faa.associate.model-version")
            .stringType().defaultValue("sync-voice-1")
            .withDescription("Version written on every speaker event, so consumers know which decision logic and models made it.");

    static void validate(Rules r) {
        for (ConfigOption<Duration> d : List.of(LOOKAHEAD, MIN_HOLD, SILENCE_HANGOVER, MIN_BINDING, MIN_TURN_SPEECH, TRACK_FORGET)) {
            r.require(!r.get(d).isNegative(), d, "must not be negative");
        }
        for (ConfigOption<Double> c : List.of(VOICE_JOIN, VOICE_KEEP, VOICE_MERGE)) {
            r.require(r.get(c) >= -1 && r.get(c) <= 1, c, "must be in [-1, 1]");
        }
        r.require(r.get(TAKEOVER_MARGIN) >= 0, TAKEOVER_MARGIN, "must not be negative");
        r.require(r.get(CLEAR_MARGIN) >= 0, CLEAR_MARGIN, "must not be negative");
        r.require(r.get(LOOKAHEAD).toMillis() <= r.get(AudioOptions.WINDOW_LENGTH).toMillis() - r.get(AudioOptions.WINDOW_HOP).toMillis(),
                LOOKAHEAD, "must leave a hop inside the window (at most faa.window.length - faa.window.hop)");
    }

    /** The runtime settings from the job's options. */
    public static AssociationSettings settings(Configuration conf) {
        return new AssociationSettings(conf.get(AudioOptions.WINDOW_HOP).toMillis(),
                conf.get(LOOKAHEAD).toMillis(), conf.get(MIN_SYNC).floatValue(), conf.get(TAKEOVER_MARGIN).floatValue(),
                conf.get(MIN_HOLD).toMillis(), conf.get(SILENCE_HANGOVER).toMillis(), conf.get(BINDING_BONUS).floatValue(),
                conf.get(CLEAR_MARGIN).floatValue(), conf.get(MIN_BINDING).toMillis(), conf.get(MIN_TURN_SPEECH).toMillis(),
                conf.get(VOICE_JOIN).floatValue(), conf.get(VOICE_KEEP).floatValue(), conf.get(VOICE_MERGE).floatValue(),
                conf.get(TRACK_FORGET).toMillis());
    }
}

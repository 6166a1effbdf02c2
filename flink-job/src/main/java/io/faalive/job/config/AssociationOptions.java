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
            .durationType().defaultValue(Duration.ofMillis(500))
            .withDescription("How far behind a window's end the span it decides ends: the voice heard after a speech onset decides who starts speaking, at this much latency.");

    public static final ConfigOption<Double> MIN_SYNC = ConfigOptions.key("faa.associate.min-sync")
            .doubleType().defaultValue(0.25)
            .withDescription("Sync score (the cue's scale) at which a face is taken to speak: a lone face is measured against it, and a voice not yet bound to a face is shown on the best face only at or above it.");

    public static final ConfigOption<Double> TAKEOVER_MARGIN = ConfigOptions.key("faa.associate.takeover-margin")
            .doubleType().defaultValue(0.1)
            .withDescription("How much closer (voice cosine) another session speaker must be to take over inside continuous speech; a voice this far below voice-join for every speaker starts a new one, and one less than this above it lets a face take over.");

    public static final ConfigOption<Double> FACE_TAKEOVER_MARGIN = ConfigOptions.key("faa.associate.face-takeover-margin")
            .doubleType().defaultValue(0.3)
            .withDescription("How far another face's sync must lead the shown face's to start a turn inside continuous speech when the voice does not clearly say who speaks (the cue's scale).");

    public static final ConfigOption<Duration> MIN_HOLD = ConfigOptions.key("faa.associate.min-hold")
            .durationType().defaultValue(Duration.ofMillis(1000))
            .withDescription("Least time a session speaker holds continuous speech before another can take over.");

    public static final ConfigOption<Duration> SILENCE_HANGOVER = ConfigOptions.key("faa.associate.silence-hangover")
            .durationType().defaultValue(Duration.ofMillis(250))
            .withDescription("Silences shorter than this are reported as SILENCE but are not speech onsets: the speaker goes on without a fresh decision.");

    public static final ConfigOption<Duration> MIN_BINDING = ConfigOptions.key("faa.associate.min-binding")
            .durationType().defaultValue(Duration.ofMillis(2000))
            .withDescription("Speech of a voice with a face in view before the two can be bound.");

    public static final ConfigOption<Double> BINDING_EVIDENCE = ConfigOptions.key("faa.associate.binding-evidence")
            .doubleType().defaultValue(2.0)
            .withDescription("Evidence (t statistic of a face's sync relative to the other faces, over a voice's speech) at which the voice is bound to the face.");

    public static final ConfigOption<Double> VOICE_JOIN = ConfigOptions.key("faa.associate.voice-join")
            .doubleType().defaultValue(0.4)
            .withDescription("Voice cosine between a window and a session speaker's centroid at or above which the window is that speaker's; below it for every speaker, a new one starts.");

    public static final ConfigOption<Double> VOICE_MERGE = ConfigOptions.key("faa.associate.voice-merge")
            .doubleType().defaultValue(0.6)
            .withDescription("Cosine between two session speakers' voices at or above which they are merged into the older id.");

    public static final ConfigOption<Duration> TRACK_FORGET = ConfigOptions.key("faa.associate.track-forget")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("A face track unseen this long loses its binding evidence and bindings.");

    public static final ConfigOption<String> MODEL_VERSION = ConfigOptions.key("faa.associate.model-version")
            .stringType().defaultValue("voice-sync-2")
            .withDescription("Version written on every speaker event, so consumers know which decision logic and models made it.");

    static void validate(Rules r) {
        for (ConfigOption<Duration> d : List.of(LOOKAHEAD, MIN_HOLD, SILENCE_HANGOVER, MIN_BINDING, TRACK_FORGET)) {
            r.require(!r.get(d).isNegative(), d, "must not be negative");
        }
        for (ConfigOption<Double> c : List.of(VOICE_JOIN, VOICE_MERGE)) {
            r.require(r.get(c) >= -1 && r.get(c) <= 1, c, "must be in [-1, 1]");
        }
        r.require(r.get(TAKEOVER_MARGIN) >= 0, TAKEOVER_MARGIN, "must not be negative");
        r.require(r.get(FACE_TAKEOVER_MARGIN) >= 0, FACE_TAKEOVER_MARGIN, "must not be negative");
        r.require(r.get(BINDING_EVIDENCE) > 0, BINDING_EVIDENCE, "must be positive");
        r.require(r.get(LOOKAHEAD).toMillis() <= r.get(AudioOptions.WINDOW_LENGTH).toMillis() - r.get(AudioOptions.WINDOW_HOP).toMillis(),
                LOOKAHEAD, "must leave a hop inside the window (at most faa.window.length - faa.window.hop)");
    }

    /** The runtime settings from the job's options. */
    public static AssociationSettings settings(Configuration conf) {
        return new AssociationSettings(conf.get(AudioOptions.WINDOW_HOP).toMillis(),
                conf.get(LOOKAHEAD).toMillis(), conf.get(MIN_SYNC).floatValue(), conf.get(TAKEOVER_MARGIN).floatValue(),
                conf.get(FACE_TAKEOVER_MARGIN).floatValue(), conf.get(MIN_HOLD).toMillis(), conf.get(SILENCE_HANGOVER).toMillis(), conf.get(MIN_BINDING).toMillis(),
                conf.get(BINDING_EVIDENCE).floatValue(), conf.get(VOICE_JOIN).floatValue(), conf.get(VOICE_MERGE).floatValue(),
                conf.get(TRACK_FORGET).toMillis());
    }
}

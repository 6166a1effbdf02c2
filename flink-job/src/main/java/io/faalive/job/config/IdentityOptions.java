package io.faalive.job.config;

import io.faalive.serving.identify.IdentitySettings;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/** Identity: naming speakers from the enrolled gallery, and voice-face mismatch alerts. */
public final class IdentityOptions {

    private IdentityOptions() {}

    public static final ConfigOption<String> GALLERY = ConfigOptions.key("faa.identity.gallery")
            .stringType().noDefaultValue()
            .withDescription("A gallery file (JSON lines of Enrollment, as bin/faa enroll --out writes) loaded at start; the enrollments topic adds, replaces and removes people while the job runs.");

    public static final ConfigOption<Double> FACE_ACCEPT = ConfigOptions.key("faa.identity.face-accept")
            .doubleType().defaultValue(0.4)
            .withDescription("Face cosine (a track's face vector against an enrolled face) at or above which the face is that person's.");

    public static final ConfigOption<Double> VOICE_ACCEPT = ConfigOptions.key("faa.identity.voice-accept")
            .doubleType().defaultValue(0.6)
            .withDescription("Voice cosine (a session speaker's pooled voice against an enrolled voice) at or above which the voice is that person's.");

    public static final ConfigOption<Double> VOICE_REJECT = ConfigOptions.key("faa.identity.voice-reject")
            .doubleType().defaultValue(0.3)
            .withDescription("Voice cosine below which a voice is not an enrolled person's: it keeps their face from naming the speaker, and on their face it counts towards a mismatch alert.");

    public static final ConfigOption<Double> MARGIN = ConfigOptions.key("faa.identity.margin")
            .doubleType().defaultValue(0.1)
            .withDescription("How far the best enrolled person's cosine must lead the next one's for a face or voice to name them.");

    public static final ConfigOption<Duration> MIN_VOICE = ConfigOptions.key("faa.identity.min-voice")
            .durationType().defaultValue(Duration.ofMillis(1000))
            .withDescription("Speech pooled in a session speaker's voice before it names anyone or speaks against a face.");

    public static final ConfigOption<Duration> MISMATCH_AFTER = ConfigOptions.key("faa.identity.mismatch-after")
            .durationType().defaultValue(Duration.ofMillis(3000))
            .withDescription("Speech of a voice bound to an enrolled person's face that does not fit that person's enrolled voice, before one mismatch alert is raised for the episode.");

    static void validate(Rules r) {
        for (ConfigOption<Double> c : List.of(FACE_ACCEPT, VOICE_ACCEPT, VOICE_REJECT)) {
            r.require(r.get(c) >= -1 && r.get(c) <= 1, c, "must be in [-1, 1]");
        }
        r.require(r.get(VOICE_REJECT) <= r.get(VOICE_ACCEPT), VOICE_REJECT, "must not exceed faa.identity.voice-accept");
        r.require(r.get(MARGIN) >= 0, MARGIN, "must not be negative");
        r.require(!r.get(MIN_VOICE).isNegative(), MIN_VOICE, "must not be negative");
        r.require(!r.get(MISMATCH_AFTER).isNegative(), MISMATCH_AFTER, "must not be negative");
    }

    /** The runtime settings from the job's options. */
    public static IdentitySettings settings(Configuration conf) {
        return new IdentitySettings(conf.get(FACE_ACCEPT).floatValue(), conf.get(VOICE_ACCEPT).floatValue(),
                conf.get(VOICE_REJECT).floatValue(), conf.get(MARGIN).floatValue(), conf.get(MIN_VOICE).toMillis(),
                conf.get(MISMATCH_AFTER).toMillis());
    }
}

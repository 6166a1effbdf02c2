package io.faalive.job.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Audio: voice activity, analysis windows and the voice embedder. */
public final class AudioOptions {

    private AudioOptions() {}

    /** Voice embedders. */
    public enum VoiceEmbedder { XVECTOR, SPECTRAL, NETWORK }

    public static final ConfigOption<String> VAD_MODEL = ConfigOptions.key("faa.vad.model")
            .stringType().noDefaultValue()
            .withDescription("Silero VAD model file; unset uses the registry pack's silero_vad.onnx.");

    public static final ConfigOption<Double> VAD_THRESHOLD = ConfigOptions.key("faa.vad.threshold")
            .doubleType().defaultValue(0.5)
            .withDescription("Speech probability that starts a speech segment (it ends below threshold - 0.15).");

    public static final ConfigOption<Duration> VAD_HANGOVER = ConfigOptions.key("faa.vad.hangover")
            .durationType().defaultValue(Duration.ofMillis(300))
            .withDescription("Silence needed to end a speech segment.");

    public static final ConfigOption<Duration> VAD_MIN_SPEECH = ConfigOptions.key("faa.vad.min-speech")
            .durationType().defaultValue(Duration.ofMillis(250))
            .withDescription("Shortest speech segment kept.");

    public static final ConfigOption<Duration> WINDOW_LENGTH = ConfigOptions.key("faa.window.length")
            .durationType().defaultValue(Duration.ofMillis(1500))
            .withDescription("Length of the analysis windows (voice embedding, sync).");

    public static final ConfigOption<Duration> WINDOW_HOP = ConfigOptions.key("faa.window.hop")
            .durationType().defaultValue(Duration.ofMillis(500))
            .withDescription("Hop between analysis windows: one perception record per stream per hop.");

    public static final ConfigOption<Double> WINDOW_MIN_SPEECH_SHARE = ConfigOptions.key("faa.window.min-speech-share")
            .doubleType().defaultValue(0.5)
            .withDescription("Share of a window that must be speech for it to count as speech and get a voice vector.");

    public static final ConfigOption<VoiceEmbedder> VOICE_EMBEDDER = ConfigOptions.key("faa.voice.embedder")
            .enumType(VoiceEmbedder.class).defaultValue(VoiceEmbedder.XVECTOR)
            .withDescription("Voice embedder: XVECTOR (Kaldi's 128-d x-vector speaker network, registry pack), SPECTRAL (the project's own 64-d MFCC + pitch statistics) or NETWORK (an ONNX/TorchScript file with the ECAPA contract).");

    public static final ConfigOption<String> VOICE_EMBEDDER_MODEL = ConfigOptions.key("faa.voice.embedder.model")
            .stringType().noDefaultValue()
            .withDescription("NETWORK: the model file (input [1,T,80] log filter bank, output [1,D]); XVECTOR: a folder laid out as vosk-model-spk-0.4 instead of the registry pack.");

    public static final ConfigOption<Integer> VOICE_EMBEDDER_DIMENSION = ConfigOptions.key("faa.voice.embedder.dimension")
            .intType().defaultValue(192)
            .withDescription("NETWORK voice model: size of its output vector (checked on first use).");

    static void validate(Rules r) {
        r.require(r.get(VAD_THRESHOLD) > 0.15 && r.get(VAD_THRESHOLD) < 1, VAD_THRESHOLD, "must be in (0.15, 1)");
        r.require(!r.get(VAD_HANGOVER).isNegative(), VAD_HANGOVER, "must not be negative");
        r.require(!r.get(VAD_MIN_SPEECH).isNegative(), VAD_MIN_SPEECH, "must not be negative");
        long length = r.get(WINDOW_LENGTH).toMillis();
        r.require(length >= 200 && length <= 10_000, WINDOW_LENGTH, "must be in [200 ms, 10 s]");
        r.require(r.get(WINDOW_HOP).toMillis() >= 50 && r.get(WINDOW_HOP).toMillis() <= length, WINDOW_HOP,
                "must be at least 50 ms and at most faa.window.length (" + r.written(WINDOW_LENGTH) + ")");
        r.require(r.get(WINDOW_MIN_SPEECH_SHARE) >= 0 && r.get(WINDOW_MIN_SPEECH_SHARE) <= 1, WINDOW_MIN_SPEECH_SHARE, "must be in [0, 1]");
        r.require(r.get(VOICE_EMBEDDER) != VoiceEmbedder.NETWORK || r.get(VOICE_EMBEDDER_MODEL) != null,
                VOICE_EMBEDDER_MODEL, "must be set when faa.voice.embedder is NETWORK");
        r.require(r.get(VOICE_EMBEDDER_DIMENSION) >= 1, VOICE_EMBEDDER_DIMENSION, "must be at least 1");
    }
}

package io.faalive.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Audio-visual sync: which cue scores a track against the speech. */
public final class SyncOptions {

    private SyncOptions() {}

    /** Audio-visual sync cues. */
    public enum SyncCue { ENVELOPE, LIGHT_ASD }

    public static final ConfigOption<SyncCue> SYNC_CUE = ConfigOptions.key("faa.sync.cue")
            .enumType(SyncCue.class).defaultValue(SyncCue.ENVELOPE)
            .withDescription("Audio-visual sync cue: ENVELOPE (mouth aperture vs speech energy correlation) or LIGHT_ASD (fixture model; wants faa.decode.analysis-fps 25).");

    public static final ConfigOption<String> SYNC_ASD_MODEL = ConfigOptions.key("faa.sync.light-asd.model")
            .stringType().noDefaultValue()
            .withDescription("Light-ASD network file; unset uses the fixture lightASD.onnx.");

    public static final ConfigOption<String> SYNC_ASD_HEAD = ConfigOptions.key("faa.sync.light-asd.head")
            .stringType().noDefaultValue()
            .withDescription("Light-ASD classifier head file; unset uses the fixture lossAV.onnx.");
}

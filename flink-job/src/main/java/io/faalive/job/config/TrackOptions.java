package io.faalive.job.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Face tracking across analysis frames. */
public final class TrackOptions {

    private TrackOptions() {}

    public static final ConfigOption<Double> TRACK_IOU = ConfigOptions.key("faa.track.iou-threshold")
            .doubleType().defaultValue(0.3)
            .withDescription("Smallest box overlap (IoU) that continues a track from one analysis frame to the next.");

    public static final ConfigOption<Duration> TRACK_MAX_GAP = ConfigOptions.key("faa.track.max-gap")
            .durationType().defaultValue(Duration.ofMillis(1500))
            .withDescription("How long a track survives without detections; within it the face embedding can re-attach a face to its track.");

    public static final ConfigOption<Double> TRACK_BRIDGE_SIMILARITY = ConfigOptions.key("faa.track.bridge-similarity")
            .doubleType().defaultValue(0.5)
            .withDescription("Smallest face-embedding cosine that re-attaches a non-overlapping face to a recently lost track.");

    static void validate(Rules r) {
        r.require(r.get(TRACK_IOU) > 0 && r.get(TRACK_IOU) <= 1, TRACK_IOU, "must be in (0, 1]");
        r.require(!r.get(TRACK_MAX_GAP).isNegative(), TRACK_MAX_GAP, "must not be negative");
        r.require(r.get(TRACK_BRIDGE_SIMILARITY) >= -1 && r.get(TRACK_BRIDGE_SIMILARITY) <= 1, TRACK_BRIDGE_SIMILARITY, "must be in [-1, 1]");
    }
}

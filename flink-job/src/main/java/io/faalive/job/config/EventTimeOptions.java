package io.faalive.job.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Media time and per-stream state: lateness, idleness and expiry. */
public final class EventTimeOptions {

    private EventTimeOptions() {}

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS = ConfigOptions.key("faa.watermark.out-of-orderness")
            .durationType().defaultValue(Duration.ofSeconds(2))
            .withDescription("How late a chunk may arrive, in media time, and still be in order for windows.");

    public static final ConfigOption<Duration> IDLE_TIMEOUT = ConfigOptions.key("faa.watermark.idle-timeout")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("A source split without chunks for this long stops holding the watermark back.");

    public static final ConfigOption<Duration> STREAM_STATE_TTL = ConfigOptions.key("faa.state.stream-ttl")
            .durationType().defaultValue(Duration.ofHours(1))
            .withDescription("Per-stream state is dropped after a stream has been silent this long.");

    static void validate(Rules r) {
        r.require(!r.get(OUT_OF_ORDERNESS).isNegative() && r.get(OUT_OF_ORDERNESS).toMinutes() <= 10, OUT_OF_ORDERNESS,
                "must be in [0, 10 min] (chunks are buffered that long)");
        r.require(r.get(IDLE_TIMEOUT).toMillis() > 0, IDLE_TIMEOUT, "must be positive");
        r.require(r.get(STREAM_STATE_TTL).toSeconds() >= 1, STREAM_STATE_TTL, "must be at least 1 s");
    }
}

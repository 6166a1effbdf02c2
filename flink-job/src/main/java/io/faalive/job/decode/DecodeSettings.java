package io.faalive.job.decode;

import io.faalive.job.config.DecodeOptions;
import java.io.Serializable;
import org.apache.flink.configuration.Configuration;

/**
 * What the decoder produces: analysis frame rate and size, the rate of gray motion frames, PCM rate, and how much of
 * the declared duration must decode for a chunk to count as complete.
 */
public record DecodeSettings(double analysisFps, double motionFps, int frameWidth, int frameHeight, int sampleRate,
        double minDecodedFraction, int threads) implements Serializable {

    public static DecodeSettings from(Configuration conf) {
        return new DecodeSettings(conf.get(DecodeOptions.ANALYSIS_FPS), conf.get(DecodeOptions.MOTION_FPS), conf.get(DecodeOptions.FRAME_WIDTH),
                conf.get(DecodeOptions.FRAME_HEIGHT), DecodeOptions.SAMPLE_RATE,
                conf.get(DecodeOptions.MIN_DECODED_FRACTION), conf.get(DecodeOptions.DECODER_THREADS));
    }

    public static DecodeSettings defaults() {
        return from(new Configuration());
    }

    /** Analysis size for a source size: the configured width/height (never larger than the source), the other side keeping the aspect ratio (even). */
    int[] scaledSize(int sourceWidth, int sourceHeight) {
        if (frameWidth == 0 && frameHeight == 0) {
            return new int[] {sourceWidth, sourceHeight};
        }
        // Never upscale: a small source stays at its size.
        int w = frameWidth == 0 ? 0 : Math.min(frameWidth, sourceWidth);
        int h = frameHeight == 0 ? 0 : Math.min(frameHeight, sourceHeight);
        if (h == 0) {
            h = (int) Math.round(sourceHeight * (double) w / sourceWidth);
        } else if (w == 0) {
            w = (int) Math.round(sourceWidth * (double) h / sourceHeight);
        }
        return new int[] {Math.max(2, w & ~1), Math.max(2, h & ~1)};
    }
}

package io.faalive.serving.testing;

import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** Reads any audio FFmpeg can decode as 16 kHz mono samples in [-1, 1]. */
public final class AudioFiles {

    private AudioFiles() {}

    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    public static float[] read16k(Path file) {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            if (file.toString().endsWith(".g722")) {
                g.setFormat("g722");
            }
            g.setSampleRate(16000);
            g.setAudioChannels(1);
            g.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
            g.start();
            float[] out = new float[1 << 16];
            int n = 0;
            for (Frame f; (f = g.grabSamples()) != null; ) {
                ShortBuffer b = (ShortBuffer) f.samples[0];
                b.rewind();
                while (b.hasRemaining()) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, out.length * 2);
                    }
                    out[n++] = b.get() / 32768f;
                }
            }
            g.stop();
            return Arrays.copyOf(out, n);
        } catch (Exception e) {
            throw new IllegalStateException("cannot decode " + file + ": " + e.getMessage(), e);
        }
    }
}

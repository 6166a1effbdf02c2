package io.faalive.job.decode;

import org.bytedeco.ffmpeg.global.avutil;

/**
 * FFmpeg's own logging (stream dumps on every open, codec notices, complaints about corrupt
 * input) goes to standard error at INFO by default: a console or TaskManager log full of
 * "Input #0 ..." blocks. Corrupt input is expected and reported through exceptions (and dead
 * letters), so only fatal messages remain.
 */
public final class FfmpegLog {

    static {
        avutil.av_log_set_level(avutil.AV_LOG_FATAL);
    }

    private FfmpegLog() {}

    /** Sets FFmpeg's log level to fatal messages only, once per JVM. */
    public static void quiet() {
        // the static initializer did it
    }
}

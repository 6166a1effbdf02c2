package io.faalive.job.speech;

/**
 * One analysis window of a stream's audio.
 *
 * @param speechShare the share of the window the VAD calls speech
 * @param speech whether that share reaches {@code faa.window.min-speech-share}
 * @param samples the window's samples, 16 kHz mono in [-1, 1]
 * @param speechSpans the VAD's speech inside the window: start and end pairs in media time (epoch ms), in order
 */
public record AudioWindow(long startTsMs, long endTsMs, float speechShare, boolean speech, float[] samples, long[] speechSpans) {}

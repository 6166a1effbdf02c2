package io.faalive.loadtest.media;

import io.faalive.job.decode.FfmpegLog;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** Reads the audio of any file FFmpeg opens as 16 kHz mono samples in [-1, 1], as the job's decoder produces them. */
public final class AudioReader {

    static {
        FfmpegLog.quiet();
    }

    /** Why a file gave no audio: a one-line reason for the user. */
    public static final class NoAudioException extends Exception {
        public NoAudioException(String message) {
            super(message);
        }
    }

    private AudioReader() {}


    /** {@code durationS} of audio from {@code startS} (a negative duration: to the end). */
    public static float[] read16k(Path file, double startS, double durationS) throws NoAudioException {
        if (!Files.isRegularFile(file)) {
            throw new NoAudioException("no such file");
        }
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setSampleRate(16000);
            g.setAudioChannels(1);
            g.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
            try {
                g.start();
            } catch (Exception e) {
                throw new NoAudioException("FFmpeg cannot read it (" + firstLine(e.getMessage()) + ")");
            }
            if (!g.hasAudio()) {
                throw new NoAudioException("it has no audio stream");
            }
            int skip = (int) Math.round(startS * 16000);
            int wanted = durationS < 0 ? Integer.MAX_VALUE : (int) Math.round(durationS * 16000);
            float[] out = new float[Math.min(wanted, 1 << 16)];
            int n = 0;
            int seen = 0;
            for (Frame f; n < wanted && (f = g.grabSamples()) != null; ) {
                ShortBuffer b = (ShortBuffer) f.samples[0];
                b.rewind();
                while (b.hasRemaining() && n < wanted) {
                    short s = b.get();
                    if (seen++ < skip) {
                        continue;
                    }
                    if (n == out.length) {
                        out = Arrays.copyOf(out, (int) Math.min((long) out.length * 2, wanted));
                    }
                    out[n++] = s / 32768f;
                }
            }
            g.stop();
            if (n == 0) {
                throw new NoAudioException(seen == 0 ? "its audio stream is empty"
                        : String.format("it has %.2f s of audio, nothing from %.2f s on", seen / 16000.0, startS));
            }
            return Arrays.copyOf(out, n);
        } catch (NoAudioException e) {
            throw e;
        } catch (Exception e) {
            throw new NoAudioException("decoding failed (" + firstLine(e.getMessage()) + ")");
        }
    }

    private static String firstLine(String message) {
        return message == null ? "no reason given" : message.lines().findFirst().orElse("").trim();
    }
}

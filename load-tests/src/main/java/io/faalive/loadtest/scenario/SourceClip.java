package io.faalive.loadtest.scenario;

import io.faalive.job.decode.FfmpegLog;
import io.faalive.loadtest.media.AudioReader;
import io.faalive.serving.audio.SileroVad;
import io.faalive.serving.audio.SpeechSegmenter;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * One participant's source clip: its audio at 16 kHz with the speech in it, and (for a clip
 * with video) its frames scaled to the size it is shown at. The speech spans are the truth
 * of who speaks when, so they come from the clean clip, before any noise is mixed in.
 */
final class SourceClip {

    static {
        FfmpegLog.quiet();
    }

    /**
     * How truth speech is cut: Silero's usual thresholds; a pause shorter than 300 ms (a breath
     * between words) does not end speech, and nothing under 100 ms counts as speech.
     */
    static final SpeechSegmenter.Settings TRUTH_VAD = new SpeechSegmenter.Settings(0.5f, 0.35f, 300, 100);

    /** Width, height and frame rate of a clip's video; width 0 for audio only. */
    record Probe(int width, int height, double fps) {
        boolean hasVideo() {
            return width > 0;
        }
    }

    private final Path file;
    private final Probe probe;
    private final float[] audio;
    private final List<SpeechSegmenter.Segment> speech;
    private List<BufferedImage> frames = List.of();
    private long[] idle;

    private SourceClip(Path file, Probe probe, float[] audio, List<SpeechSegmenter.Segment> speech) {
        this.file = file;
        this.probe = probe;
        this.audio = audio;
        this.speech = speech;
    }

    /** Reads the clip's audio and finds its speech; its frames come later, at the size they are shown at. */
    static SourceClip open(Path file, SileroVad vad) throws Exception {
        Probe probe = probe(file);
        float[] audio;
        try {
            audio = AudioReader.read16k(file, 0, -1);
        } catch (AudioReader.NoAudioException e) {
            audio = new float[0];
        }
        return new SourceClip(file, probe, audio, speech(vad, audio));
    }

    static Probe probe(Path file) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            Probe p = g.hasVideo() ? new Probe(g.getImageWidth(), g.getImageHeight(), g.getFrameRate()) : new Probe(0, 0, 0);
            g.stop();
            return p;
        }
    }

    private static List<SpeechSegmenter.Segment> speech(SileroVad vad, float[] audio) {
        if (audio.length == 0) {
            return List.of();
        }
        return List.copyOf(SpeechSegmenter.segmentsOf(vad, TRUTH_VAD, audio));
    }

    /** Decodes every frame, scaled to {@code width} x {@code height}. */
    void loadFrames(int width, int height) throws Exception {
        List<BufferedImage> scaled = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile()); Java2DFrameConverter converter = new Java2DFrameConverter()) {
            g.start();
            for (Frame f; (f = g.grabImage()) != null; ) {
                BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
                Graphics2D gr = out.createGraphics();
                gr.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                gr.drawImage(converter.convert(f), 0, 0, width, height, null);
                gr.dispose();
                scaled.add(out);
            }
            g.stop();
        }
        if (scaled.isEmpty()) {
            throw new IllegalArgumentException(file + ": no video frames could be decoded");
        }
        frames = List.copyOf(scaled);
        idle = longestPause(1);
    }

    /** The frame shown {@code ms} into the clip (the last one past its end). */
    BufferedImage frameAt(long ms) {
        int i = (int) Math.floor(Math.max(0, ms) / 1000.0 * probe.fps());
        return frames.get(Math.min(i, frames.size() - 1));
    }

    /**
     * What the clip shows while its person listens: its longest stretch without speech played
     * forwards and backwards, so the face moves a little with its mouth shut; a stretch under
     * 0.4 s holds its middle frame, and a clip with no pause at all its first frame.
     */
    BufferedImage idleFrameAt(long meetingMs) {
        if (idle == null) {
            return frames.get(0);
        }
        long length = idle[1] - idle[0];
        if (length < 400) {
            return frameAt(idle[0] + length / 2);
        }
        long phase = meetingMs % (2 * length);
        return frameAt(idle[0] + (phase < length ? phase : 2 * length - phase));
    }

    /** The longest span without speech of at least {@code minMs}, as {start, end} ms, or null. */
    long[] longestPause(long minMs) {
        long best = minMs - 1;
        long[] found = null;
        long previousEnd = 0;
        List<long[]> gaps = new ArrayList<>();
        for (SpeechSegmenter.Segment s : speech) {
            gaps.add(new long[] {previousEnd, s.startMs()});
            previousEnd = s.endMs();
        }
        gaps.add(new long[] {previousEnd, durationMs()});
        for (long[] g : gaps) {
            // keep clear of the speech on either side: the mouth is still closing or opening there
            long[] inner = {g[0] + (g[0] == 0 ? 0 : 100), g[1] - (g[1] == durationMs() ? 0 : 100)};
            if (inner[1] - inner[0] > best) {
                best = inner[1] - inner[0];
                found = inner;
            }
        }
        return found;
    }

    long durationMs() {
        return probe.hasVideo() && !frames.isEmpty() ? Math.max(audioMs(), Math.round(frames.size() * 1000 / probe.fps())) : audioMs();
    }

    long audioMs() {
        return audio.length * 1000L / SileroVad.SAMPLE_RATE;
    }

    Path file() {
        return file;
    }

    Probe probe() {
        return probe;
    }

    float[] audio() {
        return audio;
    }

    List<SpeechSegmenter.Segment> speech() {
        return speech;
    }
}

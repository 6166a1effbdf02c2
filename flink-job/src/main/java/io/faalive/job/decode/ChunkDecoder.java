package io.faalive.job.decode;

import java.io.ByteArrayInputStream;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Decodes one self-contained media chunk from memory with FFmpeg: video frames sampled
 * at the analysis rate and scaled to the analysis size (BGR24), gray frames at the motion rate and
 * the same size, and the audio of the chunk as mono
 * 16-bit PCM at the configured rate. Media times are epoch milliseconds: the chunk's
 * declared start plus the offset of each frame from the container's start time.
 * One instance serves one thread; it keeps its scaler (and swscale context) between chunks
 * of the same size, and must be closed.
 */
public final class ChunkDecoder implements AutoCloseable {

    static {
        FfmpegLog.quiet();
    }

    /** What whole video and audio frames may leave undecoded at a chunk's end, at most. */
    static final double FRAME_SLACK_MS = 100;

    private final DecodeSettings settings;
    private FrameScaler scaler;
    private FrameScaler grayScaler;

    public ChunkDecoder(DecodeSettings settings) {
        this.settings = settings;
    }

    /**
     * @param containerHint FFmpeg format name (e.g. "mpegts") or null to probe
     * @throws MediaDecodeException when FFmpeg cannot read the payload, it holds no media,
     *     or it decodes to less than the configured fraction of {@code declaredDurationMs}
     */
    public DecodedChunk decode(byte[] payload, String containerHint, long startTsMs, int declaredDurationMs)
            throws MediaDecodeException {
        long t0 = System.nanoTime();
        DecodedChunk out = new DecodedChunk();
        out.startTsMs = startTsMs;
        out.durationMs = declaredDurationMs;
        out.sampleRate = settings.sampleRate();
        // A markable stream of known size lets FFmpeg seek: non-fragmented MP4 works too.
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(payload), payload.length)) {
            if (containerHint != null && !containerHint.isBlank()) {
                grabber.setFormat(containerHint);
            }
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            grabber.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
            grabber.setSampleRate(settings.sampleRate());
            grabber.setAudioChannels(1);
            grabber.setVideoOption("threads", Integer.toString(settings.threads()));
            // A chunk is short and self-contained: probing its first 200 ms finds the codec
            // parameters; FFmpeg's 5 s default would decode much of the chunk twice.
            grabber.setOption("analyzeduration", "200000");
            grabber.start();
            boolean hasVideo = grabber.hasVideo();
            boolean hasAudio = grabber.hasAudio();
            if (!hasVideo && !hasAudio) {
                throw new MediaDecodeException(MediaDecodeException.Kind.UNDECODABLE_MEDIA,
                        "payload of " + payload.length + " bytes holds neither a video nor an audio stream", null);
            }
            int[] size = hasVideo ? settings.scaledSize(grabber.getImageWidth(), grabber.getImageHeight()) : new int[] {1, 1};
            out.sourceFps = hasVideo ? grabber.getFrameRate() : 0;
            grabLoop(grabber, out, scaler(size[0], size[1]), declaredDurationMs);
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new MediaDecodeException(MediaDecodeException.Kind.UNDECODABLE_MEDIA,
                    "FFmpeg cannot decode the " + (containerHint == null ? "" : containerHint + " ") + "payload of "
                            + payload.length + " bytes: " + e.getMessage(),
                    e);
        }
        checkComplete(out, declaredDurationMs);
        out.decodeNanos = System.nanoTime() - t0;
        return out;
    }

    private FrameScaler scaler(int width, int height) {
        if (scaler == null || scaler.width() != width || scaler.height() != height) {
            close();
            scaler = FrameScaler.bgr(width, height);
            grayScaler = FrameScaler.gray(width, height);
        }
        return scaler;
    }

    @Override
    public void close() {
        if (scaler != null) {
            scaler.close();
            grayScaler.close();
            scaler = null;
            grayScaler = null;
        }
    }

    /**
     * The chunk's media origin is its first video frame (chunks start at a keyframe), or its
     * first audio sample without video. Audio before the origin is encoder priming and audio
     * past the declared duration is padding: both are cut, so consecutive chunks join
     * sample-exactly instead of each adding tens of milliseconds.
     */
    private void grabLoop(FFmpegFrameGrabber grabber, DecodedChunk out, FrameScaler scaler, int declaredDurationMs)
            throws FrameGrabber.Exception {
        List<VideoFrame> frames = new ArrayList<>();
        List<long[]> frameTimes = new ArrayList<>();
        List<GrayFrame> motion = new ArrayList<>();
        List<long[]> motionTimes = new ArrayList<>();
        List<AudioPiece> audio = new ArrayList<>();
        SamplingGrid analysisGrid = new SamplingGrid(settings.analysisFps());
        SamplingGrid motionGrid = new SamplingGrid(settings.motionFps());
        long firstVideoUs = Long.MIN_VALUE;
        long lastVideoUs = Long.MIN_VALUE;
        Frame frame;
        // Frames are grabbed unprocessed: a dropped video frame costs its decode only,
        // FrameScaler converts the kept ones, and audio frames are resampled one by one.
        while ((frame = grabber.grabFrame(true, true, false, false, false)) != null) {
            boolean video = frame.image != null;
            if (!video) {
                GrabberInternals.processSamples(grabber);
            }
            if (video) {
                out.sourceFrames++;
                if (firstVideoUs == Long.MIN_VALUE) {
                    firstVideoUs = frame.timestamp;
                }
                lastVideoUs = Math.max(lastVideoUs, frame.timestamp);
                if (analysisGrid.take(frame.timestamp)) {
                    frames.add(new VideoFrame(0, scaler.width(), scaler.height(), scaler.convert(GrabberInternals.picture(grabber))));
                    frameTimes.add(new long[] {frame.timestamp});
                }
                if (motionGrid.take(frame.timestamp)) {
                    motion.add(new GrayFrame(0, grayScaler.width(), grayScaler.height(), grayScaler.convert(GrabberInternals.picture(grabber))));
                    motionTimes.add(new long[] {frame.timestamp});
                }
            } else if (frame.samples != null) {
                ShortBuffer samples = ((ShortBuffer) frame.samples[0]).duplicate();
                short[] copy = new short[samples.remaining()];
                samples.get(copy);
                audio.add(new AudioPiece(frame.timestamp, copy));
            }
        }
        long origin = firstVideoUs != Long.MIN_VALUE ? firstVideoUs : audio.isEmpty() ? 0 : audio.get(0).tsUs;
        for (int i = 0; i < frames.size(); i++) {
            frames.get(i).tsMs = out.startTsMs + (frameTimes.get(i)[0] - origin) / 1000;
        }
        out.frames = frames.toArray(new VideoFrame[0]);
        for (int i = 0; i < motion.size(); i++) {
            motion.get(i).tsMs = out.startTsMs + (motionTimes.get(i)[0] - origin) / 1000;
        }
        out.motionFrames = motion.toArray(new GrayFrame[0]);
        out.pcm = assemblePcm(audio, origin, declaredDurationMs);
        out.audioStartTsMs = out.startTsMs;
        out.videoSpanUs = lastVideoUs == Long.MIN_VALUE ? 0
                : lastVideoUs - origin + (out.sourceFps > 0 ? Math.round(1_000_000 / out.sourceFps) : 0);
    }

    /** Audio from {@code originUs} to the declared end, placed by each piece's timestamp. */
    private short[] assemblePcm(List<AudioPiece> audio, long originUs, int declaredDurationMs) {
        int rate = settings.sampleRate();
        long limit = (long) declaredDurationMs * rate / 1000;
        PcmBuffer pcm = new PcmBuffer(rate);
        for (AudioPiece piece : audio) {
            // Samples before the origin (priming) are skipped; pieces follow each other.
            long skip = Math.max(0, Math.round((originUs - piece.tsUs) * rate / 1e6));
            if (skip < piece.samples.length) {
                pcm.append(piece.samples, (int) skip, piece.samples.length - (int) skip);
            }
        }
        return pcm.toArray(limit);
    }

    private record AudioPiece(long tsUs, short[] samples) {}

    /**
     * Which frames a rate keeps: the first, then the first at or after each period on a fixed
     * grid; after a long gap the grid restarts instead of bursting. A rate of 0 keeps none.
     */
    private static final class SamplingGrid {
        private final long periodUs;
        private long nextUs = Long.MIN_VALUE;

        SamplingGrid(double fps) {
            this.periodUs = fps > 0 ? Math.round(1_000_000 / fps) : 0;
        }

        boolean take(long tsUs) {
            if (periodUs == 0 || (nextUs != Long.MIN_VALUE && tsUs < nextUs)) {
                return false;
            }
            long base = nextUs == Long.MIN_VALUE ? tsUs : nextUs;
            nextUs = base + periodUs <= tsUs ? tsUs + periodUs : base + periodUs;
            return true;
        }
    }

    private void checkComplete(DecodedChunk out, int declaredDurationMs) throws MediaDecodeException {
        if (out.sourceFrames == 0 && out.pcm.length == 0) {
            throw new MediaDecodeException(MediaDecodeException.Kind.UNDECODABLE_MEDIA,
                    "no frame and no audio sample could be decoded", null);
        }
        double decodedMs = Math.max(out.videoSpanUs / 1000.0, out.audioSeconds() * 1000.0);
        // decoded media comes in whole video frames and audio frames: a stream's last, short chunk (168 ms
        // declared, 3 frames and 60 ms of audio decoded) is complete, so the fraction allows them 100 ms
        double needed = Math.min(declaredDurationMs * settings.minDecodedFraction(), declaredDurationMs - FRAME_SLACK_MS);
        if (decodedMs < needed) {
            throw new MediaDecodeException(MediaDecodeException.Kind.TRUNCATED_MEDIA, String.format(
                    "decoded %.0f ms of the %d ms the chunk declares (%d video frames, %.2f s audio); at least %.0f%% is required",
                    decodedMs, declaredDurationMs, out.sourceFrames, out.audioSeconds(),
                    settings.minDecodedFraction() * 100), null);
        }
    }

    /** Growable mono PCM buffer. */
    private static final class PcmBuffer {
        private short[] data;
        private int size;

        PcmBuffer(int initialCapacity) {
            data = new short[initialCapacity];
        }

        void append(short[] samples, int from, int n) {
            if (size + n > data.length) {
                data = Arrays.copyOf(data, Math.max(size + n, data.length * 2));
            }
            System.arraycopy(samples, from, data, size, n);
            size += n;
        }

        short[] toArray(long limit) {
            return Arrays.copyOf(data, (int) Math.min(size, limit));
        }
    }
}

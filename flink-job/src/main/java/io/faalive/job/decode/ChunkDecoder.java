package io.faalive.job.decode;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
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
 * at the analysis rate and scaled to the analysis size (BGR24), and all audio as mono
 * 16-bit PCM at the configured rate. Media times are epoch milliseconds: the chunk's
 * declared start plus the offset of each frame from the container's start time.
 * Stateless; one instance may be reused for many chunks by one thread.
 */
public final class ChunkDecoder {

    static {
        // Corrupt input is expected and reported through exceptions, not FFmpeg's stderr.
        avutil.av_log_set_level(avutil.AV_LOG_FATAL);
    }

    private final DecodeSettings settings;

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
            grabber.start();
            boolean hasVideo = grabber.hasVideo();
            boolean hasAudio = grabber.hasAudio();
            if (!hasVideo && !hasAudio) {
                throw new MediaDecodeException(MediaDecodeException.Kind.UNDECODABLE_MEDIA,
                        "payload of " + payload.length + " bytes holds neither a video nor an audio stream", null);
            }
            int[] size = hasVideo ? settings.scaledSize(grabber.getImageWidth(), grabber.getImageHeight()) : new int[] {0, 0};
            if (hasVideo) {
                grabber.setImageWidth(size[0]);
                grabber.setImageHeight(size[1]);
            }
            out.sourceFps = hasVideo ? grabber.getFrameRate() : 0;
            long originUs = grabber.getFormatContext().start_time();
            boolean originKnown = originUs != avutil.AV_NOPTS_VALUE;
            grabLoop(grabber, out, size, originKnown ? originUs : Long.MIN_VALUE);
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

    private void grabLoop(FFmpegFrameGrabber grabber, DecodedChunk out, int[] size, long originUs)
            throws FrameGrabber.Exception {
        List<VideoFrame> frames = new ArrayList<>();
        PcmBuffer pcm = new PcmBuffer(settings.sampleRate());
        long periodUs = Math.round(1_000_000 / settings.analysisFps());
        long nextSampleUs = Long.MIN_VALUE;
        long origin = originUs;
        long audioStartUs = Long.MIN_VALUE;
        long lastVideoUs = Long.MIN_VALUE;
        Frame frame;
        while ((frame = grabber.grabFrame(true, true, true, false, false)) != null) {
            if (origin == Long.MIN_VALUE) {
                origin = frame.timestamp;
            }
            if (frame.image != null) {
                out.sourceFrames++;
                lastVideoUs = Math.max(lastVideoUs, frame.timestamp);
                if (nextSampleUs == Long.MIN_VALUE || frame.timestamp >= nextSampleUs) {
                    frames.add(copyFrame(frame, out.startTsMs + (frame.timestamp - origin) / 1000));
                    long base = nextSampleUs == Long.MIN_VALUE ? frame.timestamp : nextSampleUs;
                    nextSampleUs = base + periodUs;
                    // After a long gap, restart the sampling grid instead of bursting.
                    if (nextSampleUs <= frame.timestamp) {
                        nextSampleUs = frame.timestamp + periodUs;
                    }
                }
            } else if (frame.samples != null) {
                if (audioStartUs == Long.MIN_VALUE) {
                    audioStartUs = frame.timestamp;
                }
                pcm.append((ShortBuffer) frame.samples[0]);
            }
        }
        out.frames = frames.toArray(new VideoFrame[0]);
        out.pcm = pcm.toArray();
        long audioOrigin = audioStartUs == Long.MIN_VALUE ? origin : audioStartUs;
        out.audioStartTsMs = out.startTsMs + (origin == Long.MIN_VALUE ? 0 : (audioOrigin - origin) / 1000);
        out.videoSpanUs = lastVideoUs == Long.MIN_VALUE || origin == Long.MIN_VALUE ? 0
                : lastVideoUs - origin + (out.sourceFps > 0 ? Math.round(1_000_000 / out.sourceFps) : 0);
    }

    private static VideoFrame copyFrame(Frame frame, long tsMs) {
        int w = frame.imageWidth;
        int h = frame.imageHeight;
        int rowBytes = w * 3;
        byte[] bgr = new byte[rowBytes * h];
        ByteBuffer src = ((ByteBuffer) frame.image[0]).duplicate();
        if (frame.imageStride == rowBytes) {
            src.position(0);
            src.get(bgr, 0, bgr.length);
        } else {
            for (int y = 0; y < h; y++) {
                src.position(y * frame.imageStride);
                src.get(bgr, y * rowBytes, rowBytes);
            }
        }
        return new VideoFrame(tsMs, w, h, bgr);
    }

    private void checkComplete(DecodedChunk out, int declaredDurationMs) throws MediaDecodeException {
        if (out.sourceFrames == 0 && out.pcm.length == 0) {
            throw new MediaDecodeException(MediaDecodeException.Kind.UNDECODABLE_MEDIA,
                    "no frame and no audio sample could be decoded", null);
        }
        double decodedMs = Math.max(out.videoSpanUs / 1000.0, out.audioSeconds() * 1000.0);
        double needed = declaredDurationMs * settings.minDecodedFraction();
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

        void append(ShortBuffer samples) {
            ShortBuffer src = samples.duplicate();
            int n = src.remaining();
            if (size + n > data.length) {
                data = Arrays.copyOf(data, Math.max(size + n, data.length * 2));
            }
            src.get(data, size, n);
            size += n;
        }

        short[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}

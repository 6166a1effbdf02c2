package io.faalive.loadtest.media;

import io.faalive.job.decode.FfmpegLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Cuts any FFmpeg-readable file into self-decodable MPEG-TS chunks of about
 * {@code chunkMs}: each chunk is re-encoded from a keyframe, so a consumer can decode
 * any chunk without the ones before it.
 */
public final class MediaChunker {

    static {
        FfmpegLog.quiet();
    }

    private MediaChunker() {}

    public static List<EncodedChunk> chunkFile(Path file, int chunkMs) throws Exception {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("Media file not found or not readable: " + file.toAbsolutePath());
        }
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setSampleFormat(avutil.AV_SAMPLE_FMT_FLTP);
            grabber.start();
            int width = grabber.hasVideo() ? grabber.getImageWidth() & ~1 : 0;
            int height = grabber.hasVideo() ? grabber.getImageHeight() & ~1 : 0;
            double fps = grabber.hasVideo() ? grabber.getFrameRate() : 0;
            int sampleRate = grabber.hasAudio() ? grabber.getSampleRate() : 0;
            int channels = grabber.hasAudio() ? grabber.getAudioChannels() : 0;
            if (width > 0) {
                grabber.setImageWidth(width);
                grabber.setImageHeight(height);
            }
            return cut(grabber, chunkMs, width, height, fps, sampleRate, channels);
        }
    }

    private static List<EncodedChunk> cut(FFmpegFrameGrabber grabber, int chunkMs, int width, int height, double fps,
            int sampleRate, int channels) throws FrameGrabber.Exception, FrameRecorder.Exception {
        List<EncodedChunk> chunks = new ArrayList<>();
        long chunkUs = chunkMs * 1000L;
        long origin = Long.MIN_VALUE;
        long current = -1;
        long endUs = 0;
        TsChunkWriter writer = null;
        try {
            Frame frame;
            while ((frame = grabber.grabFrame(true, true, true, false, false)) != null) {
                if (origin == Long.MIN_VALUE) {
                    origin = frame.timestamp;
                }
                // Chunks start at video frames (a fresh encoder makes each a keyframe); audio
                // joins the open chunk. Never step back: interleaving is not exact.
                boolean drivesChunking = frame.image != null || width == 0;
                long index = drivesChunking ? Math.max(current, (frame.timestamp - origin) / chunkUs) : Math.max(current, 0);
                if (index != current) {
                    if (writer != null) {
                        chunks.add(finish(writer, current, chunkMs, chunkMs));
                    }
                    writer = new TsChunkWriter(width, height, fps, sampleRate, channels);
                    current = index;
                }
                if (frame.image != null) {
                    writer.video(frame);
                    endUs = Math.max(endUs, frame.timestamp - origin + Math.round(1_000_000 / fps));
                } else if (frame.samples != null) {
                    writer.audio(frame.samples);
                    int samples = frame.samples.length > 1 ? frame.samples[0].limit() : frame.samples[0].limit() / channels;
                    endUs = Math.max(endUs, frame.timestamp - origin + samples * 1_000_000L / sampleRate);
                }
            }
            if (writer != null) {
                // The last chunk is usually shorter: declare what it really holds.
                int lastMs = (int) Math.min(chunkMs, Math.max(1, (endUs + 999) / 1000 - current * chunkMs));
                chunks.add(finish(writer, current, chunkMs, lastMs));
                writer = null;
            }
        } finally {
            if (writer != null) {
                writer.close();
            }
        }
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("No audio or video could be read from the file");
        }
        return chunks;
    }

    private static EncodedChunk finish(TsChunkWriter writer, long index, int chunkMs, int durationMs)
            throws FrameRecorder.Exception {
        try (writer) {
            return new EncodedChunk(writer.finish(), index * chunkMs, durationMs, TsChunkWriter.CONTAINER,
                    TsChunkWriter.VIDEO_CODEC, TsChunkWriter.AUDIO_CODEC);
        }
    }

}

package io.faalive.loadtest.media;

import io.faalive.job.decode.FfmpegLog;
import java.io.ByteArrayOutputStream;
import java.nio.Buffer;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Encodes one chunk as MPEG-TS (H.264 through libopenh264, AAC) in memory. Every chunk gets
 * a fresh encoder, so it starts with a keyframe and decodes on its own.
 */
final class TsChunkWriter implements AutoCloseable {

    static {
        // encoders log statistics at INFO level on close; keep the tools' output readable
        FfmpegLog.quiet();
    }

    static final String CONTAINER = "mpegts";
    static final String VIDEO_CODEC = "h264";
    static final String AUDIO_CODEC = "aac";

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * 1024);
    private final FFmpegFrameRecorder recorder;
    private final int sampleRate;
    private final int channels;

    TsChunkWriter(int width, int height, double fps, int sampleRate, int channels) throws FrameRecorder.Exception {
        this.sampleRate = sampleRate;
        this.channels = channels;
        recorder = new FFmpegFrameRecorder(bytes, width, height, channels);
        recorder.setFormat(CONTAINER);
        if (width > 0) {
            recorder.setVideoCodecName("libopenh264");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setGopSize((int) Math.ceil(fps));
            // About 0.1 bit per pixel per frame: a typical conferencing rate.
            recorder.setVideoBitrate((int) Math.max(200_000, width * height * fps * 0.1));
            recorder.setVideoOption("threads", "1");
        }
        if (channels > 0) {
            recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            recorder.setSampleRate(sampleRate);
            recorder.setAudioBitrate(64_000);
        }
        recorder.start();
    }

    void video(Frame frame) throws FrameRecorder.Exception {
        recorder.record(frame);
    }

    void audio(Buffer... samples) throws FrameRecorder.Exception {
        recorder.recordSamples(sampleRate, channels, samples);
    }

    byte[] finish() throws FrameRecorder.Exception {
        recorder.stop();
        return bytes.toByteArray();
    }

    @Override
    public void close() throws FrameRecorder.Exception {
        recorder.release();
    }
}

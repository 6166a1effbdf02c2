package io.faalive.loadtest.media;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.javacv.Frame;

/**
 * A generated talking-scene stand-in for when no media file is at hand: a moving,
 * blinking bright ellipse on a textured background, and voiced "syllables" (harmonics of
 * a gliding pitch, amplitude-modulated at a speech-like 4 Hz, with pauses) at 16 kHz.
 * Deterministic for a seed. It exercises decode and transport, not face or voice models.
 */
public final class SyntheticMedia {

    public static final int SAMPLE_RATE = 16_000;

    private SyntheticMedia() {}

    public static List<EncodedChunk> generate(int width, int height, double fps, int seconds, int chunkMs, long seed)
            throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        double pitchHz = 100 + random.nextDouble() * 120;
        double hue = random.nextDouble();
        List<EncodedChunk> chunks = new ArrayList<>();
        long totalFrames = Math.round(seconds * fps);
        long framesPerChunk = Math.round(chunkMs / 1000.0 * fps);
        Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
        long frameIndex = 0;
        long sampleIndex = 0;
        for (long chunk = 0; frameIndex < totalFrames; chunk++) {
            long chunkFrames = Math.min(framesPerChunk, totalFrames - frameIndex);
            try (TsChunkWriter writer = new TsChunkWriter(width, height, fps, SAMPLE_RATE, 1)) {
                for (long i = 0; i < chunkFrames; i++, frameIndex++) {
                    paint(frame, frameIndex / fps, hue);
                    writer.video(frame);
                }
                long samplesEnd = Math.round(frameIndex / fps * SAMPLE_RATE);
                short[] pcm = new short[(int) (samplesEnd - sampleIndex)];
                for (int i = 0; i < pcm.length; i++, sampleIndex++) {
                    pcm[i] = voice(sampleIndex / (double) SAMPLE_RATE, pitchHz);
                }
                writer.audio(ShortBuffer.wrap(pcm));
                int durationMs = (int) Math.round(chunkFrames / fps * 1000);
                chunks.add(new EncodedChunk(writer.finish(), chunk * chunkMs, durationMs, TsChunkWriter.CONTAINER,
                        TsChunkWriter.VIDEO_CODEC, TsChunkWriter.AUDIO_CODEC));
            }
        }
        return chunks;
    }

    private static void paint(Frame frame, double t, double hue) {
        int w = frame.imageWidth;
        int h = frame.imageHeight;
        int stride = frame.imageStride;
        ByteBuffer buf = (ByteBuffer) frame.image[0];
        double cx = w * (0.5 + 0.25 * Math.sin(t * 0.7));
        double cy = h * (0.45 + 0.1 * Math.sin(t * 1.3));
        double rx = w * 0.12;
        double ry = h * 0.2 * (Math.sin(t * 9) > 0.97 ? 0.9 : 1.0);
        int baseB = (int) (80 + 60 * hue);
        for (int y = 0; y < h; y++) {
            int row = y * stride;
            double dy = (y - cy) / ry;
            for (int x = 0; x < w; x++) {
                double dx = (x - cx) / rx;
                boolean inside = dx * dx + dy * dy <= 1;
                int texture = ((x >> 4) + (y >> 4) + (int) (t * 4)) & 1;
                int i = row + 3 * x;
                if (inside) {
                    buf.put(i, (byte) 150).put(i + 1, (byte) 180).put(i + 2, (byte) 225);
                } else {
                    buf.put(i, (byte) (baseB + 20 * texture)).put(i + 1, (byte) (60 + 20 * texture)).put(i + 2, (byte) 40);
                }
            }
        }
    }

    /** Speech-like: 4 Hz syllables, a pause every 3 s, pitch gliding around the voice's base. */
    private static short voice(double t, double pitchHz) {
        boolean pause = (t % 3.0) > 2.2;
        if (pause) {
            return 0;
        }
        double envelope = Math.max(0, Math.sin(2 * Math.PI * 4 * t));
        double f0 = pitchHz * (1 + 0.08 * Math.sin(2 * Math.PI * 0.5 * t));
        double s = 0;
        for (int k = 1; k <= 6; k++) {
            s += Math.sin(2 * Math.PI * f0 * k * t) / k;
        }
        return (short) (envelope * s * 6000);
    }
}

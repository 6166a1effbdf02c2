package io.faalive.loadtest.scenario;

import io.faalive.job.config.PerceptionSettings;
import io.faalive.job.decode.FfmpegLog;
import io.faalive.loadtest.media.AudioReader;
import io.faalive.serving.perception.PerceptionModels;
import io.faalive.serving.vision.BgrImage;
import io.faalive.serving.vision.FaceAnalyzer;
import io.faalive.serving.vision.FaceObservation;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.flink.configuration.Configuration;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * A talking head made from one photo and a synthetic voice, for a demo on a machine without the
 * shared fixtures: espeak-ng speaks the sentences, and the photo's mouth (found by the product's
 * own face landmarks) opens with the speech envelope at 25 fps, so faces, voices, sync and
 * speaker events all have something real to work on. It is a cartoon of speech, not a model of it.
 */
final class TalkingPortrait {

    static final int SIZE = 480;
    private static final int FPS = MeetingComposer.FPS;
    private static final int RATE = MeetingComposer.RATE;

    /** Where the photo's mouth is, in the {@code SIZE x SIZE} picture: centre and width. */
    record Mouth(float x, float y, float width) {}

    private TalkingPortrait() {}

    /** The photo scaled to {@code SIZE x SIZE}, mirrored if asked. */
    static BufferedImage picture(Path photo, boolean mirror) throws IOException {
        BufferedImage source = ImageIO.read(photo.toFile());
        if (source == null) {
            throw new IOException("not an image: " + photo);
        }
        int side = Math.min(source.getWidth(), source.getHeight());
        BufferedImage out = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        AffineTransform t = new AffineTransform();
        if (mirror) {
            t.translate(SIZE, 0);
            t.scale(-1, 1);
        }
        t.scale(SIZE / (double) side, SIZE / (double) side);
        g.drawImage(source.getSubimage((source.getWidth() - side) / 2, 0, side, side), t, null);
        g.dispose();
        return out;
    }

    /** The mouth of the largest face the product's detector and landmarks find in {@code picture}. */
    static Mouth mouth(BufferedImage picture) throws IOException {
        byte[] bgr = ((java.awt.image.DataBufferByte) picture.getRaster().getDataBuffer()).getData().clone();
        try (FaceAnalyzer faces = PerceptionModels.faceAnalyzer(PerceptionSettings.from(new Configuration()))) {
            FaceObservation best = null;
            for (FaceObservation f : faces.analyze(new BgrImage(SIZE, SIZE, bgr))) {
                if (f.landmarks68() != null && (best == null || f.box().width() > best.box().width())) {
                    best = f;
                }
            }
            if (best == null) {
                throw new IOException("no face with landmarks found in the portrait");
            }
            float[] l = best.landmarks68();
            // points 48 and 54 are the mouth corners, 51 and 57 the middle of the upper and lower lip
            float x = (l[2 * 48] + l[2 * 54]) / 2;
            float y = (l[2 * 51 + 1] + l[2 * 57 + 1]) / 2;
            return new Mouth(x, y, Math.abs(l[2 * 54] - l[2 * 48]));
        }
    }

    /** espeak-ng's {@code voice} saying the sentences with pauses between them, 16 kHz mono. */
    static float[] speech(String voice, List<String> sentences, Path work) throws Exception {
        List<float[]> parts = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            Path wav = work.resolve(voice.replaceAll("[^a-z0-9]", "_") + "-" + i + ".wav");
            Process p = new ProcessBuilder("espeak-ng", "-v", voice, "-s", "150", "-w", wav.toString(), sentences.get(i))
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0 || !Files.exists(wav)) {
                throw new IOException("espeak-ng failed for voice " + voice + ": " + output.strip());
            }
            parts.add(AudioReader.read16k(wav, 0, -1));
        }
        return joined(parts);
    }

    /** Recorded utterances (any audio FFmpeg reads) one after another with pauses, 16 kHz mono. */
    static float[] speech(List<Path> utterances) throws Exception {
        List<float[]> parts = new ArrayList<>();
        for (Path u : utterances) {
            parts.add(AudioReader.read16k(u, 0, -1));
        }
        return joined(parts);
    }

    /** The parts with a pause after each that varies (0.5, 0.8, 1.1 s). */
    private static float[] joined(List<float[]> parts) {
        int total = 0;
        for (int i = 0; i < parts.size(); i++) {
            total += parts.get(i).length + pause(i);
        }
        float[] out = new float[total];
        int at = 0;
        for (int i = 0; i < parts.size(); i++) {
            System.arraycopy(parts.get(i), 0, out, at, parts.get(i).length);
            at += parts.get(i).length + pause(i);
        }
        return out;
    }

    private static int pause(int i) {
        return RATE * (500 + 300 * (i % 3)) / 1000;
    }

    /** Writes 16-kHz mono samples in [-1, 1] as a 16-bit WAV file. */
    static void writeWav(float[] samples, Path out) throws IOException {
        byte[] pcm = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            short v = (short) Math.max(-32768, Math.min(32767, Math.round(samples[i] * 32767)));
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        var format = new javax.sound.sampled.AudioFormat(RATE, 16, 1, true, false);
        try (var in = new javax.sound.sampled.AudioInputStream(new java.io.ByteArrayInputStream(pcm), format, samples.length)) {
            javax.sound.sampled.AudioSystem.write(in, javax.sound.sampled.AudioFileFormat.Type.WAVE, out.toFile());
        }
    }

    /** Writes {@code out} (H.264 + AAC, 25 fps): the picture, its mouth opening with the speech. */
    static void write(BufferedImage picture, Mouth mouth, float[] audio, Path out) throws Exception {
        FfmpegLog.quiet();
        int perFrame = RATE / FPS;
        int frames = audio.length / perFrame;
        double[] level = new double[frames];
        double loudest = 1e-6;
        for (int f = 0; f < frames; f++) {
            double sq = 0;
            for (int i = f * perFrame; i < (f + 1) * perFrame; i++) {
                sq += audio[i] * audio[i];
            }
            level[f] = Math.sqrt(sq / perFrame);
            loudest = Math.max(loudest, level[f]);
        }
        BufferedImage frame = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_3BYTE_BGR);
        try (FFmpegFrameRecorder recorder = MeetingComposer.mp4(out, SIZE, SIZE, 1_500_000);
                Java2DFrameConverter converter = new Java2DFrameConverter()) {
            short[] pcm = new short[perFrame];
            for (int f = 0; f < frames; f++) {
                // opening follows the level on a log scale: quiet speech still moves the lips a little
                double db = 20 * Math.log10(Math.max(level[f], 1e-6) / loudest);
                double opening = Math.max(0, Math.min(1, (db + 30) / 30));
                paint(frame, picture, mouth, opening);
                recorder.record(converter.convert(frame));
                for (int i = 0; i < perFrame; i++) {
                    pcm[i] = (short) Math.max(-32768, Math.min(32767, Math.round(audio[f * perFrame + i] * 32767)));
                }
                recorder.recordSamples(RATE, 1, ShortBuffer.wrap(pcm));
            }
            recorder.stop();
        }
    }

    private static void paint(BufferedImage frame, BufferedImage picture, Mouth m, double opening) {
        Graphics2D g = frame.createGraphics();
        g.drawImage(picture, 0, 0, null);
        if (opening > 0.02) {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            double w = 0.8 * m.width();
            double h = opening * 0.45 * m.width();
            g.setColor(new Color(120, 45, 50));
            g.fill(new Ellipse2D.Double(m.x() - w / 2 - 2, m.y() - h / 2 - 2, w + 4, h + 4));
            g.setColor(new Color(35, 12, 15));
            g.fill(new Ellipse2D.Double(m.x() - w / 2, m.y() - h / 2, w, h));
        }
        g.dispose();
    }
}

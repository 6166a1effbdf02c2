package io.faalive.loadtest.identity;

import io.faalive.job.decode.FfmpegLog;
import io.faalive.loadtest.media.AudioReader;
import io.faalive.schemas.Enrollment;
import io.faalive.serving.audio.SileroVad;
import io.faalive.serving.audio.SpeechSegmenter;
import io.faalive.serving.audio.VoiceEmbedder;
import io.faalive.serving.perception.PerceptionConfig;
import io.faalive.serving.perception.PerceptionModels;
import io.faalive.serving.runtime.Vectors;
import io.faalive.serving.vision.BgrImage;
import io.faalive.serving.vision.FaceAnalyzer;
import io.faalive.serving.vision.FaceEmbedder;
import io.faalive.serving.vision.FaceObservation;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Face and voice vectors of one person from enrollment material, with the job's own models and
 * the way the job pools them: the face is the mean of the L2-normalised vectors of the largest
 * face in each photo (or in frames of a video), as a track's face vector is; the voice is the sum
 * of the vectors of the speech (the job's VAD) cut into the job's analysis windows, as a session
 * speaker's voice is. Material that gives nothing fails with a one-line reason naming the file.
 */
public final class Enroller implements AutoCloseable {

    /** A video gives a face every this many ms. */
    private static final long VIDEO_FRAME_STEP_MS = 200;

    /** Too little material for a vector: the message names the file and why. */
    static final class EnrollmentException extends IOException {
        EnrollmentException(String message) {
            super(message);
        }
    }

    private final PerceptionConfig config;
    private final FaceAnalyzer faces;
    private final FaceEmbedder faceEmbedder;
    private final SileroVad vad;
    private final VoiceEmbedder voiceEmbedder;

    public Enroller(PerceptionConfig config) {
        this.config = config;
        this.faces = PerceptionModels.faceAnalyzer(config);
        this.faceEmbedder = PerceptionModels.faceEmbedder(config);
        this.vad = PerceptionModels.vad(config);
        this.voiceEmbedder = PerceptionModels.voiceEmbedder(config);
    }

    /**
     * The enrollment record of a person from their material: face from photos and videos, voice from
     * recordings and videos (at least one of them).
     */
    public Enrollment enroll(String personId, String displayName, List<Path> photos, List<Path> recordings, List<Path> videos)
            throws IOException {
        List<Path> voices = new ArrayList<>(recordings);
        voices.addAll(videos);
        float[] face = face(photos, videos);
        float[] voice = voice(voices);
        if (face == null && voice == null) {
            throw new EnrollmentException("no material: give a photo, a recording or a video");
        }
        return Enrollment.newBuilder().setPersonId(personId).setDisplayName(displayName)
                .setFaceVector(face == null ? null : boxed(face)).setVoiceVector(voice == null ? null : boxed(voice))
                .setFaceEncoderId(face == null ? null : config.faceEmbedderName())
                .setVoiceEncoderId(voice == null ? null : config.voiceEmbedderName())
                .setEnrolledAtMs(System.currentTimeMillis()).setDeleted(false).build();
    }

    private static List<Float> boxed(float[] v) {
        List<Float> out = new ArrayList<>(v.length);
        for (float x : v) {
            out.add(x);
        }
        return out;
    }

    /** The face vector of a set of photos and videos, or null when none are given. */
    private float[] face(List<Path> photos, List<Path> videos) throws IOException {
        List<BgrImage> crops = new ArrayList<>();
        for (Path photo : photos) {
            requireFile(photo, "photo");
            BgrImage image;
            try {
                image = BgrImage.read(photo);
            } catch (IllegalArgumentException e) {
                throw new EnrollmentException("photo " + photo + ": not an image OpenCV can read");
            }
            BgrImage crop = largestFace(image);
            if (crop == null) {
                throw new EnrollmentException("photo " + photo + ": no face found");
            }
            crops.add(crop);
        }
        for (Path video : videos) {
            List<BgrImage> fromVideo = videoFaces(video);
            if (fromVideo.isEmpty()) {
                throw new EnrollmentException("video " + video + ": no face found in any frame");
            }
            crops.addAll(fromVideo);
        }
        if (crops.isEmpty()) {
            return null;
        }
        float[] sum = null;
        for (float[] v : faceEmbedder.embed(crops)) {
            float[] unit = Vectors.normalise(v.clone());
            if (sum == null) {
                sum = unit;
            } else {
                for (int k = 0; k < sum.length; k++) {
                    sum[k] += unit[k];
                }
            }
        }
        return Vectors.normalise(sum);
    }

    /** The voice vector of a set of recordings (audio or video files), or null when none are given. */
    private float[] voice(List<Path> recordings) throws IOException {
        List<float[]> windows = new ArrayList<>();
        for (Path file : recordings) {
            requireFile(file, "recording");
            float[] audio;
            try {
                audio = AudioReader.read16k(file, 0, -1);
            } catch (AudioReader.NoAudioException e) {
                throw new EnrollmentException("recording " + file + ": " + e.getMessage());
            }
            List<float[]> own = speechWindows(audio);
            if (own.isEmpty()) {
                throw new EnrollmentException(String.format(Locale.ROOT, "recording %s: no speech in %.1f s of audio "
                        + "(at least %.1f s of speech is needed)", file, audio.length / (double) SileroVad.SAMPLE_RATE,
                        config.windowMs() / 1000.0));
            }
            windows.addAll(own);
        }
        if (windows.isEmpty()) {
            return null;
        }
        float[] sum = null;
        for (float[] v : voiceEmbedder.embed(windows)) {
            if (sum == null) {
                sum = v.clone();
            } else {
                for (int k = 0; k < sum.length; k++) {
                    sum[k] += v[k];
                }
            }
        }
        return Vectors.normalise(sum);
    }

    /** The recording's speech, joined, in windows of the job's length (a last part shorter than half a window is dropped). */
    private List<float[]> speechWindows(float[] audio) {
        List<SpeechSegmenter.Segment> speech = SpeechSegmenter.segmentsOf(vad, config.vad(), audio);
        int perMs = SileroVad.SAMPLE_RATE / 1000;
        int total = speech.stream().mapToInt(s -> (int) (s.endMs() - s.startMs()) * perMs).sum();
        float[] joined = new float[total];
        int at = 0;
        for (SpeechSegmenter.Segment s : speech) {
            int from = (int) Math.min(audio.length, s.startMs() * perMs);
            int to = (int) Math.min(audio.length, s.endMs() * perMs);
            System.arraycopy(audio, from, joined, at, to - from);
            at += to - from;
        }
        int window = config.windowMs() * perMs;
        List<float[]> out = new ArrayList<>();
        for (int start = 0; at - start >= window / 2; start += window) {
            out.add(java.util.Arrays.copyOfRange(joined, start, Math.min(at, start + window)));
        }
        return out;
    }

    private BgrImage largestFace(BgrImage image) {
        return faces.analyze(image).stream().filter(f -> f.aligned() != null)
                .max(Comparator.comparingDouble(f -> f.box().area())).map(FaceObservation::aligned).orElse(null);
    }

    private List<BgrImage> videoFaces(Path video) throws IOException {
        requireFile(video, "video");
        FfmpegLog.quiet();
        List<BgrImage> out = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile()); Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.start();
            long next = 0;
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                long ms = grabber.getTimestamp() / 1000;
                if (ms < next) {
                    continue;
                }
                next = ms + VIDEO_FRAME_STEP_MS;
                BgrImage crop = largestFace(bgr(converter.convert(frame)));
                if (crop != null) {
                    out.add(crop);
                }
            }
            grabber.stop();
        } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
            throw new EnrollmentException("video " + video + ": FFmpeg cannot read it (" + e.getMessage() + ")");
        }
        return out;
    }

    private static BgrImage bgr(BufferedImage image) {
        BufferedImage bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        bgr.getGraphics().drawImage(image, 0, 0, null);
        return new BgrImage(bgr.getWidth(), bgr.getHeight(), ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData());
    }

    private static void requireFile(Path file, String what) throws EnrollmentException {
        if (!Files.isRegularFile(file)) {
            throw new EnrollmentException(what + " " + file + ": no such file");
        }
        if (!Files.isReadable(file)) {
            throw new EnrollmentException(what + " " + file + ": not readable");
        }
    }

    @Override
    public void close() {
        faces.close();
        faceEmbedder.close();
        vad.close();
        voiceEmbedder.close();
    }
}

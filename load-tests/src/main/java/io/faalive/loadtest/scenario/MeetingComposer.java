package io.faalive.loadtest.scenario;

import io.faalive.job.decode.FfmpegLog;
import io.faalive.serving.audio.SileroVad;
import io.faalive.serving.audio.SpeechSegmenter.Segment;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Composes a meeting from single-person clips: each face in a tile of a 1280x720, 25 fps
 * video; the audio takes turns ({@link TurnPlan}); a speaker's tile plays the clip in step
 * with its audio, a listener's tile a pause of its clip (see {@link SourceClip#idleFrameAt});
 * every voice brought to the same level, as a call's gain control would; optional pink noise
 * at a given SNR. Writes {@code NAME.mp4} (H.264, AAC 16 kHz mono) and {@code NAME.truth.json}.
 */
final class MeetingComposer {

    /** What a clip plays in the meeting. */
    enum Role { SPEAKER, LISTENER, OFF_SCREEN }

    /** One person: a clip and a role; who the face and the voice are, where known (see {@link Truth.Person}). */
    record Cast(Path clip, Role role, String personId, String voicePersonId) {

        Cast(Path clip, Role role) {
            this(clip, role, null, null);
        }
    }

    /** A meeting to compose; {@code snrDb} null for no added noise. */
    record Spec(String name, List<Cast> cast, MeetingLayout.Kind layout, int turns, Double snrDb, long seed) {}

    static final int WIDTH = 1280;
    static final int HEIGHT = 720;
    static final int FPS = 25;
    static final int RATE = SileroVad.SAMPLE_RATE;
    /** Every voice's level over its speech (about -24 dBFS). */
    private static final double SPEECH_RMS = 0.063;

    private MeetingComposer() {}

    static Truth compose(Spec spec, Path dir, SileroVad vad, Path mediaRoot) throws Exception {
        List<SourceClip> clips = new ArrayList<>();
        for (Cast c : spec.cast()) {
            SourceClip clip = SourceClip.open(c.clip(), vad);
            if (c.role() != Role.OFF_SCREEN && !clip.probe().hasVideo()) {
                throw new IllegalArgumentException(c.clip() + " has no video: it can only be an off-screen voice");
            }
            if (c.role() != Role.LISTENER && clip.speech().isEmpty()) {
                throw new IllegalArgumentException(c.clip() + " has no speech the VAD finds: it can only be a listener");
            }
            clips.add(clip);
        }
        SplittableRandom random = new SplittableRandom(spec.seed());
        List<TurnPlan.Voice> voices = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            List<Segment> speech = spec.cast().get(i).role() == Role.LISTENER ? List.of() : clips.get(i).speech();
            voices.add(new TurnPlan.Voice(speech, clips.get(i).audioMs()));
        }
        List<TurnPlan.Turn> turns = TurnPlan.plan(voices, spec.turns(), random.nextLong());
        long durationMs = TurnPlan.durationMs(turns);

        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            if (spec.cast().get(i).role() != Role.OFF_SCREEN) {
                shown.add(i);
            }
        }
        List<MeetingLayout.Rect> tiles = MeetingLayout.place(spec.layout(),
                shown.stream().map(i -> (double) clips.get(i).probe().width() / clips.get(i).probe().height()).toList(),
                WIDTH, HEIGHT, random);
        MeetingLayout.Rect[] tileOf = new MeetingLayout.Rect[clips.size()];
        for (int k = 0; k < shown.size(); k++) {
            tileOf[shown.get(k)] = tiles.get(k);
            clips.get(shown.get(k)).loadFrames(tiles.get(k).w(), tiles.get(k).h());
        }

        List<Truth.Speech> speech = truthSpeech(turns, clips);
        float[] audio = mix(turns, clips, durationMs);
        if (spec.snrDb() != null) {
            addNoise(audio, speech, spec.snrDb(), random.nextLong());
        }
        Files.createDirectories(dir);
        Path media = dir.resolve(spec.name() + ".mp4");
        render(media, turns, clips, tileOf, audio, durationMs);

        List<Truth.Person> people = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            Path clip = clips.get(i).file();
            String source = mediaRoot != null && clip.startsWith(mediaRoot) ? mediaRoot.relativize(clip).toString() : clip.getFileName().toString();
            people.add(new Truth.Person(id(i), source, spec.cast().get(i).role().name().toLowerCase().replace('_', '-'),
                    tileOf[i] == null ? null : tileOf[i].share(WIDTH, HEIGHT), spec.cast().get(i).personId(), spec.cast().get(i).voicePersonId()));
        }
        List<Truth.TurnSpan> spans = turns.stream().map(t -> new Truth.TurnSpan(id(t.speaker()), t.startMs(), t.endMs(), t.sourceStartMs())).toList();
        Truth truth = new Truth(spec.name(), media.getFileName().toString(), durationMs, WIDTH, HEIGHT, spec.seed(), spec.snrDb(),
                people, speech, spans);
        truth.write(dir.resolve(spec.name() + ".truth.json"));
        return truth;
    }

    static String id(int index) {
        return "P" + (index + 1);
    }

    /** Each turn's clip speech, moved to meeting time and cut to the turn. */
    private static List<Truth.Speech> truthSpeech(List<TurnPlan.Turn> turns, List<SourceClip> clips) {
        List<Truth.Speech> speech = new ArrayList<>();
        for (TurnPlan.Turn t : turns) {
            for (Segment s : clips.get(t.speaker()).speech()) {
                long from = Math.max(s.startMs(), t.sourceStartMs());
                long to = Math.min(s.endMs(), t.sourceEndMs());
                if (to > from) {
                    speech.add(new Truth.Speech(id(t.speaker()), t.startMs() + from - t.sourceStartMs(), t.startMs() + to - t.sourceStartMs()));
                }
            }
        }
        return List.copyOf(speech);
    }

    private static float[] mix(List<TurnPlan.Turn> turns, List<SourceClip> clips, long durationMs) {
        float[] out = new float[(int) (durationMs * RATE / 1000)];
        double[] gains = clips.stream().mapToDouble(c -> SPEECH_RMS / speechRms(c)).toArray();
        for (TurnPlan.Turn t : turns) {
            SourceClip clip = clips.get(t.speaker());
            double gain = gains[t.speaker()];
            int from = (int) (t.sourceStartMs() * RATE / 1000);
            int to = (int) Math.min(clip.audio().length, t.sourceEndMs() * RATE / 1000);
            int at = (int) (t.startMs() * RATE / 1000);
            for (int i = from; i < to && at + i - from < out.length; i++) {
                out[at + i - from] += (float) (clip.audio()[i] * gain);
            }
        }
        return out;
    }

    private static double speechRms(SourceClip clip) {
        double sum = 0;
        long n = 0;
        for (Segment s : clip.speech()) {
            for (int i = (int) (s.startMs() * RATE / 1000); i < Math.min(clip.audio().length, s.endMs() * RATE / 1000); i++) {
                sum += clip.audio()[i] * clip.audio()[i];
                n++;
            }
        }
        return Math.max(1e-4, Math.sqrt(sum / Math.max(1, n)));
    }

    /**
     * Pink noise (Paul Kellet's filter over white noise) scaled so that speech power, measured
     * over the truth's speech spans, is {@code snrDb} above the noise's.
     */
    static void addNoise(float[] audio, List<Truth.Speech> speech, double snrDb, long seed) {
        double power = 0;
        long n = 0;
        for (Truth.Speech s : speech) {
            for (int i = (int) (s.startMs() * RATE / 1000); i < Math.min(audio.length, s.endMs() * RATE / 1000); i++) {
                power += audio[i] * audio[i];
                n++;
            }
        }
        power /= Math.max(1, n);
        SplittableRandom random = new SplittableRandom(seed);
        float[] noise = new float[audio.length];
        double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
        double noisePower = 0;
        for (int i = 0; i < noise.length; i++) {
            double w = random.nextDouble() * 2 - 1;
            b0 = 0.99886 * b0 + w * 0.0555179;
            b1 = 0.99332 * b1 + w * 0.0750759;
            b2 = 0.96900 * b2 + w * 0.1538520;
            b3 = 0.86650 * b3 + w * 0.3104856;
            b4 = 0.55000 * b4 + w * 0.5329522;
            b5 = -0.7616 * b5 - w * 0.0168980;
            noise[i] = (float) (b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362);
            b6 = w * 0.115926;
            noisePower += noise[i] * noise[i];
        }
        noisePower /= Math.max(1, noise.length);
        double scale = Math.sqrt(power / Math.pow(10, snrDb / 10) / Math.max(1e-12, noisePower));
        for (int i = 0; i < audio.length; i++) {
            audio[i] += (float) (noise[i] * scale);
        }
    }

    private static void render(Path media, List<TurnPlan.Turn> turns, List<SourceClip> clips, MeetingLayout.Rect[] tileOf,
            float[] audio, long durationMs) throws Exception {
        FfmpegLog.quiet();
        int samplesPerFrame = RATE / FPS;
        long frames = durationMs * FPS / 1000;
        BufferedImage canvas = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        try (FFmpegFrameRecorder recorder = mp4(media, WIDTH, HEIGHT, 2_500_000);
                Java2DFrameConverter converter = new Java2DFrameConverter()) {
            short[] pcm = new short[samplesPerFrame];
            for (long f = 0; f < frames; f++) {
                long ms = f * 1000 / FPS;
                paint(canvas, ms, turns, clips, tileOf);
                recorder.record(converter.convert(canvas));
                for (int i = 0; i < samplesPerFrame; i++) {
                    int at = (int) (f * samplesPerFrame + i);
                    float s = at < audio.length ? audio[at] : 0;
                    pcm[i] = (short) Math.max(-32768, Math.min(32767, Math.round(s * 32767)));
                }
                recorder.recordSamples(RATE, 1, ShortBuffer.wrap(pcm));
            }
            recorder.stop();
        }
    }

    /** A started H.264 + AAC (16 kHz mono) MP4 writer at 25 fps, as every composed file is written. */
    static FFmpegFrameRecorder mp4(Path file, int width, int height, int videoBitrate) throws FFmpegFrameRecorder.Exception {
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 1);
        recorder.setFormat("mp4");
        recorder.setVideoCodecName("libopenh264");
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(FPS);
        recorder.setGopSize(2 * FPS);
        recorder.setVideoBitrate(videoBitrate);
        recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
        recorder.setSampleRate(RATE);
        recorder.setAudioChannels(1);
        recorder.setAudioBitrate(64_000);
        recorder.start();
        return recorder;
    }

    private static void paint(BufferedImage canvas, long ms, List<TurnPlan.Turn> turns, List<SourceClip> clips,
            MeetingLayout.Rect[] tileOf) {
        Graphics2D g = canvas.createGraphics();
        g.setColor(new Color(38, 40, 46));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        for (int p = 0; p < clips.size(); p++) {
            MeetingLayout.Rect r = tileOf[p];
            if (r == null) {
                continue;
            }
            BufferedImage image = null;
            for (TurnPlan.Turn t : turns) {
                if (t.speaker() == p && ms >= t.startMs() && ms < t.endMs()) {
                    image = clips.get(p).frameAt(t.sourceStartMs() + ms - t.startMs());
                }
            }
            g.drawImage(image != null ? image : clips.get(p).idleFrameAt(ms), r.x(), r.y(), null);
        }
        g.dispose();
    }
}

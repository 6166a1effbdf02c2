package io.faalive.loadtest.bench;

import io.faalive.job.config.PerceptionSettings;
import org.apache.flink.configuration.Configuration;
import io.faalive.job.decode.ChunkDecoder;
import io.faalive.job.decode.DecodeSettings;
import io.faalive.job.decode.DecodedChunk;
import io.faalive.job.decode.VideoFrame;
import io.faalive.loadtest.MediaSources;
import io.faalive.loadtest.media.EncodedChunk;
import io.faalive.loadtest.media.MediaChunker;
import io.faalive.loadtest.media.SyntheticMedia;
import io.faalive.serving.audio.SileroVad;
import io.faalive.serving.audio.SpeechSegmenter;
import io.faalive.serving.audio.SpeechWindower;
import io.faalive.serving.audio.VoiceEmbedder;
import io.faalive.lab.bench.Stats;
import io.faalive.serving.perception.PerceptionConfig;
import io.faalive.serving.perception.PerceptionModels;
import io.faalive.serving.sync.EnvelopeSync;
import io.faalive.serving.track.FaceTracker;
import io.faalive.serving.vision.BgrImage;
import io.faalive.serving.vision.FaceAnalyzer;
import io.faalive.serving.vision.FaceEmbedder;
import io.faalive.serving.vision.FaceObservation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.util.ParameterTool;

/**
 * {@code bin/faa bench-perception}: what perception costs per stage and in total, against
 * decoding alone, measured in the same run on the same 720p 25 fps stream (the fixture
 * interview re-encoded into 1 s H.264 chunks; two faces, two speakers). The stages run in
 * one thread exactly as the job's operators call them (models on ONNX Runtime with one
 * intra-op thread), so CPU time of the thread is the cost in core-seconds.
 *
 * <p>Reports: per-stage ms per frame / face / window (median and p95 over items), faces per
 * second embedded at batch 1 and batch 32, and core-seconds per media second of decode alone
 * and decode + perception (medians over repeats) with their ratio.
 * Options: --repeats R (3), --faa.* perception options are not read: defaults only.
 */
public final class PerceptionBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private PerceptionBenchmark() {}

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        int repeats = params.getInt("repeats", 3);
        Optional<Path> interview = MediaSources.fixtureMedia("multi_speaker/visualvoice_interview.mp4");
        System.out.println("Preparing chunks...");
        List<EncodedChunk> chunks = interview.isPresent() ? MediaChunker.chunkFile(interview.get(), 1000)
                : SyntheticMedia.generate(1280, 720, 25, 20, 1000, 1);
        double mediaSeconds = chunks.stream().mapToInt(EncodedChunk::durationMs).sum() / 1000.0;
        PerceptionConfig config = PerceptionSettings.from(new Configuration());
        System.out.printf("Source: %s, 1280x720 25 fps, %.1f s; analysis %s fps at 640x360, windows %d ms every %d ms; "
                        + "detector %s, face %s, voice %s, sync %s; %d repeats; %d processors%n",
                interview.isPresent() ? "fixture interview re-encoded" : "generated media (no faces)", mediaSeconds,
                DecodeSettings.defaults().analysisFps(), config.windowMs(), config.hopMs(), config.detector(),
                config.faceEmbedder(), config.voiceEmbedderName(), config.syncCue(), repeats,
                Runtime.getRuntime().availableProcessors());

        try (ChunkDecoder decoder = new ChunkDecoder(DecodeSettings.defaults());
                FaceAnalyzer faces = PerceptionModels.faceAnalyzer(config);
                FaceEmbedder faceEmbedder = PerceptionModels.faceEmbedder(config);
                SileroVad vad = PerceptionModels.vad(config);
                VoiceEmbedder voiceEmbedder = PerceptionModels.voiceEmbedder(config)) {
            Pipeline pipeline = new Pipeline(config, faces, faceEmbedder, vad, voiceEmbedder);
            List<DecodedChunk> decoded = decodeAll(decoder, chunks); // warm-up
            pipeline.run(decoded, null);
            double[] decodeCpu = new double[repeats];
            double[] totalCpu = new double[repeats];
            Map<String, List<Double>> stages = new LinkedHashMap<>();
            for (int r = 0; r < repeats; r++) {
                long c0 = THREADS.getCurrentThreadCpuTime();
                decoded = decodeAll(decoder, chunks);
                long c1 = THREADS.getCurrentThreadCpuTime();
                pipeline.run(decoded, stages);
                long c2 = THREADS.getCurrentThreadCpuTime();
                decodeCpu[r] = (c1 - c0) / 1e9 / mediaSeconds;
                totalCpu[r] = (c2 - c0) / 1e9 / mediaSeconds;
            }
            System.out.println();
            System.out.println("Per-stage cost (wall ms on one thread; median, p95, items):");
            stages.forEach((name, v) -> {
                Stats s = Stats.of(v.stream().mapToDouble(Double::doubleValue).toArray());
                System.out.printf("  %-44s %8.2f %8.2f %7d%n", name, s.median(), s.p95(), s.n());
            });
            System.out.println();
            batchThroughput("registry fr_feature 512-d", faceEmbedder, pipeline.crops, repeats);
            if (java.nio.file.Files.exists(io.faalive.serving.runtime.KnownModel.MOBILEFACENET_128.file().path())) {
                try (FaceEmbedder mobile = new io.faalive.serving.vision.NetFaceEmbedder(
                        io.faalive.serving.runtime.NetModel.load(io.faalive.serving.runtime.KnownModel.MOBILEFACENET_128.file()),
                        io.faalive.serving.vision.NetFaceEmbedder.Spec.MOBILEFACENET_128)) {
                    batchThroughput("fixture MobileFaceNet 128-d", mobile, pipeline.crops, repeats);
                }
            }
            double decode = Stats.of(decodeCpu).median();
            double total = Stats.of(totalCpu).median();
            System.out.println();
            System.out.printf("Core-seconds per media second (median of %d): decode alone %.3f, decode + perception %.3f, "
                    + "ratio %.2fx; perception alone %.3f (target: < 0.25 for the whole analysis)%n",
                    repeats, decode, total, total / decode, total - decode);
            System.out.printf("Faces per frame %.2f, speech windows %d of %d windows per run%n",
                    pipeline.facesSeen / (double) Math.max(1, pipeline.framesSeen), pipeline.speechWindows, pipeline.windows);
        }
    }

    private static List<DecodedChunk> decodeAll(ChunkDecoder decoder, List<EncodedChunk> chunks) throws Exception {
        List<DecodedChunk> out = new ArrayList<>();
        long ts = 0;
        for (EncodedChunk c : chunks) {
            out.add(decoder.decode(c.payload(), c.container(), ts, c.durationMs()));
            ts += c.durationMs();
        }
        return out;
    }

    /** Faces per second through the embedder at batch 1 and 32, on the crops the run produced. */
    private static void batchThroughput(String name, FaceEmbedder embedder, List<BgrImage> crops, int repeats) {
        if (crops.isEmpty()) {
            System.out.println("No faces: batch throughput not measured");
            return;
        }
        List<BgrImage> sample = new ArrayList<>();
        while (sample.size() < 128) {
            sample.addAll(crops.subList(0, Math.min(crops.size(), 128 - sample.size())));
        }
        for (int batch : new int[] {1, 32}) {
            double[] rates = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < sample.size(); i += batch) {
                    embedder.embed(sample.subList(i, Math.min(sample.size(), i + batch)));
                }
                rates[r] = sample.size() / ((System.nanoTime() - t0) / 1e9);
            }
            boolean batches = !(embedder instanceof io.faalive.serving.vision.NetFaceEmbedder n) || n.acceptsBatches();
            System.out.printf("Face embedding, %s, batch %2d: %.1f faces/s (median of %d runs of %d faces)%s%n",
                    name, batch, Stats.of(rates).median(), repeats, sample.size(),
                    batch > 1 && !batches ? " -- the network has a fixed batch of 1: crops run one by one" : "");
        }
    }

    /** The job's perception stages in one thread, with per-stage timers. */
    private static final class Pipeline {
        final PerceptionConfig config;
        final FaceAnalyzer faces;
        final FaceEmbedder faceEmbedder;
        final SileroVad vad;
        final VoiceEmbedder voiceEmbedder;
        final EnvelopeSync sync = EnvelopeSync.defaults();
        final List<BgrImage> crops = new ArrayList<>();
        long framesSeen;
        long facesSeen;
        int windows;
        int speechWindows;

        Pipeline(PerceptionConfig config, FaceAnalyzer faces, FaceEmbedder faceEmbedder, SileroVad vad, VoiceEmbedder voiceEmbedder) {
            this.config = config;
            this.faces = faces;
            this.faceEmbedder = faceEmbedder;
            this.vad = vad;
            this.voiceEmbedder = voiceEmbedder;
        }

        void run(List<DecodedChunk> chunks, Map<String, List<Double>> stages) {
            FaceTracker tracker = new FaceTracker(config.tracking());
            SileroVad.State vadState = new SileroVad.State();
            SpeechSegmenter segmenter = new SpeechSegmenter(config.vad(), SileroVad.FRAME_MS);
            SpeechWindower windower = new SpeechWindower(config.windowMs(), config.hopMs(), 0f);
            float[] audio = new float[16000 * 64];
            int audioLength = 0;
            framesSeen = facesSeen = windows = speechWindows = 0;
            for (DecodedChunk chunk : chunks) {
                for (VideoFrame frame : chunk.frames) {
                    long t0 = System.nanoTime();
                    List<FaceObservation> found = faces.analyze(new BgrImage(frame.width, frame.height, frame.bgr));
                    time(stages, "detect + landmarks + align (ms/frame)", t0);
                    framesSeen++;
                    facesSeen += found.size();
                    List<BgrImage> good = new ArrayList<>();
                    for (FaceObservation o : found) {
                        if (o.quality().good()) {
                            good.add(o.aligned());
                        }
                    }
                    float[][] vectors = new float[0][];
                    if (!good.isEmpty()) {
                        long t1 = System.nanoTime();
                        vectors = faceEmbedder.embed(good);
                        if (stages != null) {
                            stages.computeIfAbsent("face embedding, batch of a frame (ms/face)", k -> new ArrayList<>())
                                    .add((System.nanoTime() - t1) / 1e6 / good.size());
                        }
                        if (crops.size() < 256) {
                            crops.addAll(good);
                        }
                    }
                    long t2 = System.nanoTime();
                    List<FaceTracker.Detection> detections = new ArrayList<>();
                    int v = 0;
                    for (FaceObservation o : found) {
                        float[] e = o.quality().good() ? vectors[v++] : null;
                        detections.add(new FaceTracker.Detection(o.box().x1(), o.box().y1(), o.box().x2(), o.box().y2(), e,
                                o.quality().good(), o.mouthOpening()));
                    }
                    tracker.update(frame.tsMs, detections);
                    time(stages, "track (ms/frame)", t2);
                }
                float[] samples = new float[chunk.pcm.length];
                for (int i = 0; i < samples.length; i++) {
                    samples[i] = chunk.pcm[i] / 32768f;
                }
                if (audioLength + samples.length > audio.length) {
                    audio = Arrays.copyOf(audio, 2 * (audioLength + samples.length));
                }
                System.arraycopy(samples, 0, audio, audioLength, samples.length);
                audioLength += samples.length;
                long t3 = System.nanoTime();
                List<SpeechSegmenter.Segment> closed = segmenter.push(vad.process(vadState, samples));
                List<SpeechWindower.Window> ws = windower.advance(closed, segmenter.openSinceMs(), segmenter.processedMs());
                if (stages != null) {
                    stages.computeIfAbsent("VAD + segments + windows (ms/audio s)", k -> new ArrayList<>())
                            .add((System.nanoTime() - t3) / 1e6 / (samples.length / 16000.0));
                }
                for (SpeechWindower.Window w : ws) {
                    windows++;
                    float[] window = new float[(int) (w.endMs() - w.startMs()) * 16];
                    for (int i = 0; i < window.length; i++) {
                        int k = (int) (w.startMs() * 16) + i;
                        window[i] = k < audioLength ? audio[k] : 0f;
                    }
                    if (w.speechShare() >= config.minSpeechShare()) {
                        speechWindows++;
                        long t4 = System.nanoTime();
                        voiceEmbedder.embed(List.of(window));
                        time(stages, "voice embedding (ms/window)", t4);
                    }
                    long t5 = System.nanoTime();
                    for (FaceTracker.Track t : tracker.tracks()) {
                        sync.score(t.mouthBetween(w.startMs(), w.endMs()), window, w.startMs());
                    }
                    time(stages, "sync, all tracks (ms/window)", t5);
                }
            }
        }

        private static void time(Map<String, List<Double>> stages, String name, long t0) {
            if (stages != null) {
                stages.computeIfAbsent(name, k -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e6);
            }
        }
    }
}

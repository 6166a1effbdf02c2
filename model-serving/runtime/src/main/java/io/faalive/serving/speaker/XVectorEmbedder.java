package io.faalive.serving.speaker;

import ai.djl.Device;
import io.faalive.serving.audio.VoiceEmbedder;
import io.faalive.serving.runtime.KnownModel;
import io.faalive.serving.runtime.ModelFile;
import io.faalive.serving.runtime.ModelLoadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Speaker vectors from Kaldi's x-vector network ({@code vosk-model-spk-0.4}: the callhome
 * diarization x-vector, 128-d, trained on 5,164 telephone speakers), computed in Java:
 * 16 kHz windows are resampled to 8 kHz ({@link LinearResampler}), turned into Kaldi MFCCs
 * ({@link KaldiMfcc}), mean-normalised, reduced to their speech frames by Kaldi's energy VAD
 * ({@link SpeakerFrames}), split into chunks of at most 400 frames and run through the TDNN
 * ({@link XVectorNetwork}; every chunk of a batch in one pass); a window's raw vector is the
 * chunk-length-weighted mean of its chunks', then {@code mean.vec} is subtracted,
 * {@code transform.mat} applied and the result L2-normalised.
 *
 * <p>For a vector over a longer span than one window, keep each window's {@link Pooled}
 * result and add them ({@link Pooled#plus}): since the post-processing is affine, the sum
 * weighted by speech frames is the vector the network gives a long input (the mean of its
 * chunks), without computing any feature twice.
 *
 * <p>A window in which the energy VAD finds no speech frame is embedded from all its frames,
 * so every window gets a vector; callers decide on speech with the Silero VAD upstream.
 */
public final class XVectorEmbedder implements VoiceEmbedder {

    public static final int DIMENSION = 128;
    /** Kaldi's {@code min-chunk-size} for x-vector extraction: shorter chunks are padded to it. */
    static final int MIN_CHUNK_FRAMES = 25;
    /**
     * Frames run through the network in one pass: a larger batch is split. On one core the cost
     * per frame was flat from 150 to 3,200 frames a pass and doubled at 6,400, where a layer's
     * activations (1,500 floats a frame, 38 MB) no longer stay near the cache.
     */
    static final int MAX_FRAMES_PER_PASS = 1600;

    /**
     * A window's contribution to a speaker vector: the post-processed vector (before length
     * normalisation) times its speech frames, and that frame count. Add several to pool them.
     */
    public record Pooled(float[] weightedSum, int frames) {

        public Pooled plus(Pooled other) {
            float[] sum = weightedSum.clone();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += other.weightedSum[i];
            }
            return new Pooled(sum, frames + other.frames);
        }

        /** The unit-length speaker vector. */
        public float[] vector() {
            return io.faalive.serving.runtime.Vectors.normalise(weightedSum.clone());
        }
    }

    private final XVectorNetwork network;
    private final float[] mean;
    private final float[][] transform;
    private final KaldiMfcc.Options mfccOptions;
    private final int maxChunkFrames;
    private final LinearResampler resampler;
    private final ThreadLocal<KaldiMfcc> mfcc;

    private XVectorEmbedder(XVectorWeights weights, float[] mean, float[][] transform, KaldiMfcc.Options mfccOptions, Device device) {
        if (mean.length != weights.dimension() || transform.length != weights.dimension() || transform[0].length != weights.dimension()) {
            throw new ModelLoadException("x-vector post-processing does not fit the network's " + weights.dimension()
                    + "-d output: mean.vec has " + mean.length + " values, transform.mat is " + transform.length + " x " + transform[0].length);
        }
        if (mfccOptions.numCeps() != weights.inputDim()) {
            throw new ModelLoadException("mfcc.conf gives " + mfccOptions.numCeps() + " coefficients, the network reads " + weights.inputDim());
        }
        if (mfccOptions.sampleRate() != 8000) {
            throw new ModelLoadException("the x-vector's features are computed at 8 kHz; mfcc.conf says " + mfccOptions.sampleRate());
        }
        this.network = new XVectorNetwork(weights, device);
        this.mean = mean;
        this.transform = transform;
        this.mfccOptions = mfccOptions;
        this.maxChunkFrames = weights.maxChunkFrames();
        this.resampler = LinearResampler.to8k();
        this.mfcc = ThreadLocal.withInitial(() -> new KaldiMfcc(mfccOptions));
    }

    /** The registry pack's model (checked by sha256) on {@code device}. */
    public static XVectorEmbedder load(Device device) {
        return load(KnownModel.XVECTOR_NNET.file(), KnownModel.XVECTOR_MEAN.file(), KnownModel.XVECTOR_TRANSFORM.file(),
                KnownModel.XVECTOR_MFCC_CONF.file(), device);
    }

    /** A model folder laid out as {@code vosk-model-spk-0.4} (final.ext.raw, mean.vec, transform.mat, mfcc.conf). */
    public static XVectorEmbedder load(Path folder, Device device) {
        return load(ModelFile.unchecked(folder.resolve("final.ext.raw")), ModelFile.unchecked(folder.resolve("mean.vec")),
                ModelFile.unchecked(folder.resolve("transform.mat")), ModelFile.unchecked(folder.resolve("mfcc.conf")), device);
    }

    private static XVectorEmbedder load(ModelFile nnet, ModelFile mean, ModelFile transform, ModelFile conf, Device device) {
        return new XVectorEmbedder(Nnet3Reader.read(nnet.verify().path()), KaldiInput.readTextVector(mean.verify().path()),
                Nnet3Reader.readMatrix(transform.verify().path()), KaldiMfcc.read(conf.verify().path()), device);
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public float[][] embed(List<float[]> windows) {
        List<Pooled> pooled = embedPooled(windows);
        float[][] out = new float[pooled.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = pooled.get(i).vector();
        }
        return out;
    }

    /** Each window's {@link Pooled} vector; windows of 16 kHz samples in [-1, 1], at least 25 ms long. */
    public List<Pooled> embedPooled(List<float[]> windows) {
        List<float[][]> chunks = new ArrayList<>();
        int[] chunkCount = new int[windows.size()];
        List<Integer> weights = new ArrayList<>();
        for (int w = 0; w < windows.size(); w++) {
            for (SpeakerFrames.Chunk chunk : chunks(windows.get(w))) {
                chunks.add(chunk.frames());
                weights.add(chunk.weight());
                chunkCount[w]++;
            }
        }
        float[][] raw = rawVectors(chunks);
        List<Pooled> out = new ArrayList<>(windows.size());
        int c = 0;
        for (int w = 0; w < windows.size(); w++) {
            double[] sum = new double[DIMENSION];
            int frames = 0;
            for (int k = 0; k < chunkCount[w]; k++, c++) {
                int weight = weights.get(c);
                for (int i = 0; i < DIMENSION; i++) {
                    sum[i] += (double) weight * raw[c][i];
                }
                frames += weight;
            }
            out.add(postProcess(sum, frames));
        }
        return out;
    }

    /** The network's input for one window: CMN-normalised MFCCs of its speech frames, in chunks. */
    public List<SpeakerFrames.Chunk> chunks(float[] window) {
        float[][] mfccs = features(window);
        if (mfccs.length == 0) {
            throw new IllegalArgumentException("a window of " + window.length + " samples is shorter than one 25 ms frame");
        }
        float[][] normalised = SpeakerFrames.slidingCmn(mfccs);
        float[][] speech = SpeakerFrames.select(normalised, SpeakerFrames.energyVad(mfccs));
        return SpeakerFrames.chunks(speech.length > 0 ? speech : normalised, maxChunkFrames, MIN_CHUNK_FRAMES);
    }

    /** Kaldi MFCCs of a 16 kHz window (samples in [-1, 1]) resampled to 8 kHz at int16 scale. */
    float[][] features(float[] window) {
        return mfcc.get().compute(resample(window));
    }

    float[] resample(float[] window) {
        float[] scaled = new float[window.length];
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = window[i] * 32768f;
        }
        return resampler.resample(scaled);
    }

    /** Raw x-vectors of chunks, in passes of at most {@link #MAX_FRAMES_PER_PASS} frames. */
    float[][] rawVectors(List<float[][]> chunks) {
        float[][] raw = new float[chunks.size()][];
        int from = 0;
        while (from < chunks.size()) {
            int to = from;
            int frames = 0;
            while (to < chunks.size() && (to == from || frames + chunks.get(to).length <= MAX_FRAMES_PER_PASS)) {
                frames += chunks.get(to++).length;
            }
            float[][] pass = network.forward(chunks.subList(from, to));
            System.arraycopy(pass, 0, raw, from, pass.length);
            from = to;
        }
        return raw;
    }

    /** {@code frames * transform (mean raw - mean.vec)}, the mean raw vector being {@code sum / frames}. */
    private Pooled postProcess(double[] sum, int frames) {
        double[] centred = new double[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            centred[i] = sum[i] / frames - mean[i];
        }
        float[] out = new float[DIMENSION];
        for (int r = 0; r < DIMENSION; r++) {
            double s = 0;
            for (int k = 0; k < DIMENSION; k++) {
                s += transform[r][k] * centred[k];
            }
            out[r] = (float) (frames * s);
        }
        return new Pooled(out, frames);
    }

    @Override
    public void close() {
        network.close();
    }
}

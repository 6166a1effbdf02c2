package io.faalive.job.speech;

import io.faalive.job.config.PerceptionSettings;
import io.faalive.job.decode.ChunkAudio;
import io.faalive.job.tracks.TrackedFaces;
import io.faalive.serving.audio.SileroVad;
import io.faalive.serving.audio.SpeechSegmenter;
import io.faalive.serving.audio.SpeechWindower;
import io.faalive.serving.inference.SharedModels;
import io.faalive.serving.perception.PerceptionConfig;
import io.faalive.serving.perception.PerceptionModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Voice activity and analysis windows per stream: Silero VAD over the chunk's audio (its
 * recurrent state carried across chunks), speech segments with hangover, and a window of
 * {@code faa.window.length} every {@code faa.window.hop} on a fixed grid from the stream's
 * first audio sample. Each window carries its samples for the voice embedder and the sync
 * cue. Gaps between chunks are filled with silence so media time stays exact. The stream's
 * state is a {@link StreamAudio} POJO in keyed state, expired after the stream TTL.
 */
public class SpeechWindows extends KeyedProcessFunction<String, TrackedFaces, ChunkWindows> {

    private static final int SR = SileroVad.SAMPLE_RATE;

    private final PerceptionConfig config;
    private final Duration stateTtl;
    private transient ValueState<StreamAudio> state;
    private transient SharedModels.Lease<SileroVad> vad;
    private transient Counter windowsEmitted;
    private transient Counter speechWindows;
    private transient Counter audioGapsFilledMs;

    public SpeechWindows(PerceptionConfig config, Duration stateTtl) {
        this.config = config;
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<StreamAudio> descriptor = new ValueStateDescriptor<>("streamAudio", TypeInformation.of(StreamAudio.class));
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl).build());
        state = getRuntimeContext().getState(descriptor);
        PerceptionConfig c = PerceptionSettings.onDevice(config, getRuntimeContext());
        vad = SharedModels.acquire("vad/" + c.vadModel() + "/" + c.device(), () -> PerceptionModels.vad(c));
        var metrics = getRuntimeContext().getMetricGroup();
        windowsEmitted = metrics.counter("windowsEmitted");
        speechWindows = metrics.counter("speechWindows");
        audioGapsFilledMs = metrics.counter("audioGapsFilledMs");
    }

    @Override
    public void processElement(TrackedFaces in, Context ctx, Collector<ChunkWindows> out) throws Exception {
        ChunkAudio audio = in.audio();
        if (audio.isEmpty() || audio.sampleRate() != SR) {
            out.collect(new ChunkWindows(in.chunk(), in.tracks(), new AudioWindow[0]));
            return;
        }
        StreamAudio s = state.value();
        if (s == null) {
            s = new StreamAudio();
            s.originTsMs = audio.startTsMs();
        }
        SpeechSegmenter segmenter = new SpeechSegmenter(config.vad(), SileroVad.FRAME_MS, s.segmenter);
        // every grid window is reported (speech or not); "speech" is decided by minSpeechShare
        SpeechWindower windower = new SpeechWindower(config.windowMs(), config.hopMs(), 0f, s.windower);
        short[] pcm = alignToStream(s, audio);
        float[] samples = new float[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            samples[i] = pcm[i] / 32768f;
        }
        float[] probs = vad.get().process(s.vad, samples);
        List<SpeechSegmenter.Segment> closed = segmenter.push(probs);
        s.samples += pcm.length;
        appendToRing(s, pcm);
        List<AudioWindow> windows = new ArrayList<>();
        // windows are decided as far as audio has arrived, not only as far as the VAD has run (its 32-ms frames
        // lag the audio by up to a frame, which held a window ending at a chunk boundary back by a whole chunk);
        // the unprocessed tail counts as the segment state it follows
        long receivedMs = s.samples * 1000 / SR;
        for (SpeechWindower.Window w : windower.advance(closed, segmenter.openSinceMs(), receivedMs)) {
            boolean speech = w.speechShare() >= config.minSpeechShare();
            windows.add(new AudioWindow(s.originTsMs + w.startMs(), s.originTsMs + w.endMs(), w.speechShare(), speech,
                    slice(s, w.startMs() * SR / 1000, w.endMs() * SR / 1000), shift(w.speech(), s.originTsMs)));
            windowsEmitted.inc();
            if (speech) {
                speechWindows.inc();
            }
        }
        trimRing(s);
        s.segmenter = segmenter.state();
        s.windower = windower.state();
        state.update(s);
        out.collect(new ChunkWindows(in.chunk(), in.tracks(), windows.toArray(new AudioWindow[0])));
    }

    /** The chunk's samples placed on the stream's sample clock: gaps become silence, overlaps are cut. */
    private short[] alignToStream(StreamAudio s, ChunkAudio audio) {
        long expected = s.originTsMs + s.samples * 1000 / SR;
        long offsetSamples = (audio.startTsMs() - expected) * SR / 1000;
        short[] pcm = audio.pcm();
        if (offsetSamples > SR / 10) {
            short[] padded = new short[(int) offsetSamples + pcm.length];
            System.arraycopy(pcm, 0, padded, (int) offsetSamples, pcm.length);
            audioGapsFilledMs.inc(offsetSamples * 1000 / SR);
            return padded;
        }
        if (offsetSamples < -SR / 10) {
            int skip = (int) Math.min(pcm.length, -offsetSamples);
            return Arrays.copyOfRange(pcm, skip, pcm.length);
        }
        return pcm;
    }

    private static long[] shift(long[] spans, long originTsMs) {
        long[] out = new long[spans.length];
        for (int i = 0; i < spans.length; i++) {
            out[i] = originTsMs + spans[i];
        }
        return out;
    }

    private static void appendToRing(StreamAudio s, short[] pcm) {
        short[] ring = new short[s.ring.length + pcm.length];
        System.arraycopy(s.ring, 0, ring, 0, s.ring.length);
        System.arraycopy(pcm, 0, ring, s.ring.length, pcm.length);
        s.ring = ring;
    }

    /** Keeps only the samples a future window can still need. */
    private void trimRing(StreamAudio s) {
        long keepFrom = Math.max(0, s.samples - (long) (config.windowMs() + config.hopMs()) * SR / 1000);
        int drop = (int) Math.max(0, keepFrom - s.ringStart);
        if (drop > 0) {
            s.ring = Arrays.copyOfRange(s.ring, drop, s.ring.length);
            s.ringStart += drop;
        }
    }

    private static float[] slice(StreamAudio s, long from, long to) {
        float[] out = new float[(int) (to - from)];
        for (int i = 0; i < out.length; i++) {
            long k = from + i - s.ringStart;
            out[i] = k >= 0 && k < s.ring.length ? s.ring[(int) k] / 32768f : 0f;
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        if (vad != null) {
            vad.close();
        }
        super.close();
    }
}

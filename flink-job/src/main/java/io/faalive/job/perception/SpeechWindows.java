package io.faalive.job.perception;

import io.faalive.serving.audio.SileroVad;
import io.faalive.serving.audio.SpeechSegmenter;
import io.faalive.serving.audio.SpeechWindower;
import io.faalive.serving.inference.SharedModels;
import io.faalive.serving.perception.PerceptionConfig;
import io.faalive.serving.perception.PerceptionModels;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * cue. Gaps between chunks are filled with silence so media time stays exact.
 */
public class SpeechWindows extends KeyedProcessFunction<String, PerceivedChunk, PerceivedChunk> {

    private static final int SR = SileroVad.SAMPLE_RATE;

    /** Everything a stream needs between chunks. */
    static final class StreamAudio implements Serializable {
        private static final long serialVersionUID = 1L;
        long originTsMs;
        long samples;
        SileroVad.State vad = new SileroVad.State();
        SpeechSegmenter segmenter;
        SpeechWindower windower;
        /** Recent samples as 16-bit PCM; ringStart is the stream sample index of ring[0]. */
        short[] ring = new short[0];
        long ringStart;
    }

    private final PerceptionConfig config;
    private final Duration stateTtl;
    private transient ValueState<byte[]> state;
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
        ValueStateDescriptor<byte[]> descriptor = new ValueStateDescriptor<>("streamAudio", byte[].class);
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
    public void processElement(PerceivedChunk chunk, Context ctx, Collector<PerceivedChunk> out) throws Exception {
        if (chunk.pcm == null || chunk.pcm.length == 0 || chunk.sampleRate != SR) {
            chunk.pcm = null;
            out.collect(chunk);
            return;
        }
        byte[] bytes = state.value();
        StreamAudio s = bytes == null ? start(chunk) : StateBytes.read(bytes);
        short[] pcm = alignToStream(s, chunk);
        float[] samples = new float[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            samples[i] = pcm[i] / 32768f;
        }
        float[] probs = vad.get().process(s.vad, samples);
        List<SpeechSegmenter.Segment> closed = s.segmenter.push(probs);
        s.samples += pcm.length;
        appendToRing(s, pcm);
        List<SpeechWindower.Window> windows = s.windower.advance(closed, s.segmenter.openSinceMs(), s.segmenter.processedMs());
        List<WindowRecord> records = new ArrayList<>();
        for (SpeechWindower.Window w : windows) {
            WindowRecord r = new WindowRecord();
            r.startTsMs = s.originTsMs + w.startMs();
            r.endTsMs = s.originTsMs + w.endMs();
            r.speechShare = w.speechShare();
            r.speech = w.speechShare() >= config.minSpeechShare();
            r.samples = slice(s, w.startMs() * SR / 1000, w.endMs() * SR / 1000);
            records.add(r);
            windowsEmitted.inc();
            if (r.speech) {
                speechWindows.inc();
            }
        }
        trimRing(s);
        chunk.windows = records.toArray(new WindowRecord[0]);
        chunk.pcm = null;
        state.update(StateBytes.write(s));
        out.collect(chunk);
    }

    private StreamAudio start(PerceivedChunk chunk) {
        StreamAudio s = new StreamAudio();
        s.originTsMs = chunk.audioStartTsMs;
        s.segmenter = new SpeechSegmenter(config.vad(), SileroVad.FRAME_MS);
        // every grid window is reported (speech or not); "speech" is decided by minSpeechShare
        s.windower = new SpeechWindower(config.windowMs(), config.hopMs(), 0f);
        return s;
    }

    /** The chunk's samples placed on the stream's sample clock: gaps become silence, overlaps are cut. */
    private short[] alignToStream(StreamAudio s, PerceivedChunk chunk) {
        long expected = s.originTsMs + s.samples * 1000 / SR;
        long offsetSamples = (chunk.audioStartTsMs - expected) * SR / 1000;
        if (offsetSamples > SR / 10) {
            short[] padded = new short[(int) offsetSamples + chunk.pcm.length];
            System.arraycopy(chunk.pcm, 0, padded, (int) offsetSamples, chunk.pcm.length);
            audioGapsFilledMs.inc(offsetSamples * 1000 / SR);
            return padded;
        }
        if (offsetSamples < -SR / 10) {
            int skip = (int) Math.min(chunk.pcm.length, -offsetSamples);
            return java.util.Arrays.copyOfRange(chunk.pcm, skip, chunk.pcm.length);
        }
        return chunk.pcm;
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
            s.ring = java.util.Arrays.copyOfRange(s.ring, drop, s.ring.length);
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

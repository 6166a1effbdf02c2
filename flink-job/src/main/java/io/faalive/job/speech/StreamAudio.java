package io.faalive.job.speech;

import io.faalive.serving.audio.SileroVad;
import io.faalive.serving.audio.SpeechSegmenter;
import io.faalive.serving.audio.SpeechWindower;

/**
 * Everything SpeechWindows keeps of one stream between chunks, as a Flink POJO (keyed state
 * with POJO schema evolution): the audio clock, the VAD's recurrent state, the segmenter's and
 * the windower's positions, and the recent samples a future window can still need.
 */
public class StreamAudio {

    /** Media time of the stream's first audio sample (epoch ms): the window grid's origin. */
    public long originTsMs;
    /** Samples placed on the stream's clock so far. */
    public long samples;
    public SileroVad.State vad = new SileroVad.State();
    public SpeechSegmenter.State segmenter = new SpeechSegmenter.State();
    public SpeechWindower.State windower = new SpeechWindower.State();
    /** Recent samples as 16-bit PCM; {@code ringStart} is the stream sample index of {@code ring[0]}. */
    public short[] ring = new short[0];
    public long ringStart;

    public StreamAudio() {}
}

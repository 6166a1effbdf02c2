package io.faalive.job.decode;

/**
 * The media of one chunk, ready for perception: analysis frames with media timestamps
 * (epoch ms) and mono 16-bit PCM starting at {@code audioStartTsMs}.
 */
public class DecodedChunk {

    public String streamId;
    public long seq;
    public long startTsMs;
    public int durationMs;
    public long producerTimeMs;
    public VideoFrame[] frames;
    /** Gray frames at the motion rate, for the mouth-motion sync cue; empty when that rate is 0. */
    public GrayFrame[] motionFrames;
    /** Video frames decoded before sampling at the analysis rate. */
    public int sourceFrames;
    public double sourceFps;
    public short[] pcm;
    public int sampleRate;
    public long audioStartTsMs;
    public long decodeNanos;
    /** Media time covered by the decoded video, first frame to end of last frame. */
    public long videoSpanUs;

    public DecodedChunk() {}

    public double audioSeconds() {
        return pcm == null || sampleRate == 0 ? 0 : pcm.length / (double) sampleRate;
    }
}

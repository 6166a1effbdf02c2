package io.faalive.job.perception;

/** One analysis window of a stream's audio. */
public class WindowRecord {

    public long startTsMs;
    public long endTsMs;
    public float speechShare;
    public boolean speech;
    /** The window's samples (16 kHz mono, [-1, 1]); dropped once the window is scored. */
    public float[] samples;
    /** Voice vector (speech windows, after EmbedVoices). */
    public float[] voiceEmbedding;

    public WindowRecord() {}
}

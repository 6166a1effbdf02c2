package io.faalive.job.perception;

/** A live face track at the end of a chunk: what the windows of that chunk need of it. */
public class TrackSnapshot {

    public long trackId;
    /** Last box in pixels. */
    public float x1;
    public float y1;
    public float x2;
    public float y2;
    public long lastTsMs;
    public int goodFrames;
    /** Track embedding (null before its first good frame). */
    public float[] embedding;
    /** Mouth aperture history: media times and values. */
    public long[] mouthTsMs;
    public float[] mouth;
    /** Light-ASD crops and their media times (only with that sync cue). */
    public long[] cropTsMs;
    public byte[][] crops;

    public TrackSnapshot() {}
}

package io.faalive.job.perception;

/** One face in one analysis frame, as it moves through perception. */
public class FaceRecord {

    public long tsMs;
    /** Box in pixels of the analysis frame. */
    public float x1;
    public float y1;
    public float x2;
    public float y2;
    public float score;
    public float mouthAperture;
    public boolean good;
    public float yaw;
    public float sharpness;
    /** Aligned 112x112 BGR crop of a good face, until EmbedFaces has embedded it (then null). */
    public byte[] aligned;
    /** 112x112 gray crop for Light-ASD (only with that sync cue). */
    public byte[] asdCrop;
    /** L2-normalised face vector (good faces, after EmbedFaces). */
    public float[] embedding;
    /** Track id (after TrackFaces). */
    public long trackId;

    public FaceRecord() {}
}

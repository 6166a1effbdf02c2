package io.faalive.job.sync;

/**
 * One track seen in one window.
 *
 * @param x left edge of its last box, as a share of the frame width (y, width, height alike)
 * @param frames frames of the window in which the track was seen
 * @param faceEmbedding the track's face vector so far, null before its first good face
 * @param mouthActivity standard deviation of its mouth opening over the window
 * @param syncScore audio-visual sync score, NaN for a window without speech or when the cue cannot tell
 */
public record TrackInWindow(long trackId, float x, float y, float width, float height, int frames, int goodFrames,
        float[] faceEmbedding, float mouthActivity, float syncScore) {}

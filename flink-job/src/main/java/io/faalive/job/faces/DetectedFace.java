package io.faalive.job.faces;

/**
 * One face found in one analysis frame.
 *
 * @param tsMs media time of the frame
 * @param mouthAperture mouth opening relative to the face (NaN when the landmarks do not say)
 * @param good whether the face passed the quality gate (size, yaw, sharpness)
 * @param aligned the aligned 112x112 BGR crop for the embedder (good faces only, else null)
 * @param asdCrop the 112x112 gray crop for Light-ASD (only with that sync cue, else null)
 * @param motionTsMs media times of the mouth-motion samples measured on the motion frames nearest
 *     this analysis frame (null without motion frames)
 * @param motion the mouth motion at those times (see {@code MouthMotion})
 */
public record DetectedFace(long tsMs, FaceBox box, float score, float mouthAperture, boolean good, float yaw,
        float sharpness, byte[] aligned, byte[] asdCrop, long[] motionTsMs, float[] motion) {}

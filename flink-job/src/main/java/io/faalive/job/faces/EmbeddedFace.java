package io.faalive.job.faces;

/**
 * A face with its identity vector: what the tracker needs of a {@link DetectedFace}.
 *
 * @param embedding L2-normalised face vector, null for faces below the quality gate or when embedding failed
 * @param motionTsMs media times of the face's mouth-motion samples, null without motion frames
 */
public record EmbeddedFace(long tsMs, FaceBox box, float mouthAperture, boolean good, float[] embedding, byte[] asdCrop,
        long[] motionTsMs, float[] motion) {}

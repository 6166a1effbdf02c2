package io.faalive.job.tracks;

import io.faalive.job.faces.FaceBox;

/**
 * A live face track at the end of a chunk: what the windows of that chunk need of it.
 *
 * @param box the last box, in pixels
 * @param embedding the running mean of its good faces' vectors, null before the first one
 * @param mouthTsMs media times of the mouth history, oldest first ({@code mouth} holds the values)
 * @param cropTsMs media times of its recent Light-ASD crops (empty without that cue)
 */
public record LiveTrack(long trackId, FaceBox box, long lastTsMs, int goodFrames, float[] embedding,
        long[] mouthTsMs, float[] mouth, long[] cropTsMs, byte[][] crops) {}

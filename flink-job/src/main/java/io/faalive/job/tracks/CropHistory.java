package io.faalive.job.tracks;

import java.util.Arrays;

/**
 * One track's recent Light-ASD face crops (gray, as the cue reads them) with their media
 * times, oldest first. A Flink POJO, kept in TrackFaces' keyed state so that the cue keeps
 * its history across a restore.
 */
public class CropHistory {

    public long[] tsMs = new long[0];
    public byte[][] crops = new byte[0][];

    public CropHistory() {}

    /** Appends a crop taken at {@code ts}. */
    void add(long ts, byte[] crop) {
        tsMs = Arrays.copyOf(tsMs, tsMs.length + 1);
        crops = Arrays.copyOf(crops, crops.length + 1);
        tsMs[tsMs.length - 1] = ts;
        crops[crops.length - 1] = crop;
    }

    /** Drops the crops taken before {@code horizon}; returns whether any are left. */
    boolean keepFrom(long horizon) {
        int first = 0;
        while (first < tsMs.length && tsMs[first] < horizon) {
            first++;
        }
        tsMs = Arrays.copyOfRange(tsMs, first, tsMs.length);
        crops = Arrays.copyOfRange(crops, first, crops.length);
        return tsMs.length > 0;
    }
}

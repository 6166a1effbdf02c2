package io.faalive.job.tracks;

import io.faalive.job.faces.FaceBox;

/** One face of one frame and the track it was given. */
public record TrackedFace(long tsMs, long trackId, FaceBox box) {}

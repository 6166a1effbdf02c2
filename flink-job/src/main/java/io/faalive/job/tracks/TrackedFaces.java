package io.faalive.job.tracks;

import io.faalive.job.decode.ChunkAudio;
import io.faalive.job.decode.ChunkInfo;

/** TrackFaces' record: every face of the chunk with its track id, and the stream's live tracks after it. */
public record TrackedFaces(ChunkInfo chunk, ChunkAudio audio, TrackedFace[] faces, LiveTrack[] tracks) {}

package io.faalive.job.faces;

import io.faalive.job.decode.ChunkAudio;
import io.faalive.job.decode.ChunkInfo;

/** DetectFaces' record: a chunk's faces, frame by frame in media order; the frames themselves stay behind. */
public record DetectedFaces(ChunkInfo chunk, ChunkAudio audio, DetectedFace[] faces) {}

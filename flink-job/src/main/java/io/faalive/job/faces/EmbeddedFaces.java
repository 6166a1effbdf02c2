package io.faalive.job.faces;

import io.faalive.job.decode.ChunkAudio;
import io.faalive.job.decode.ChunkInfo;

/** EmbedFaces' record: a chunk's faces with their vectors, in the order DetectFaces found them. */
public record EmbeddedFaces(ChunkInfo chunk, ChunkAudio audio, EmbeddedFace[] faces) {}

package io.faalive.job.speech;

import io.faalive.job.decode.ChunkInfo;
import io.faalive.job.tracks.LiveTrack;

/**
 * EmbedVoices' record: a chunk's windows with their voice vectors.
 *
 * @param voices one per window, in order: the L2-normalised voice vector, or null for a window without
 *     speech or when embedding failed
 */
public record VoicedWindows(ChunkInfo chunk, LiveTrack[] tracks, AudioWindow[] windows, float[][] voices) {}

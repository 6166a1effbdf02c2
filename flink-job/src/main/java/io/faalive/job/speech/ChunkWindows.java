package io.faalive.job.speech;

import io.faalive.job.decode.ChunkInfo;
import io.faalive.job.tracks.LiveTrack;

/** SpeechWindows' record: the windows a chunk completed (often none or several) and the live tracks. */
public record ChunkWindows(ChunkInfo chunk, LiveTrack[] tracks, AudioWindow[] windows) {}

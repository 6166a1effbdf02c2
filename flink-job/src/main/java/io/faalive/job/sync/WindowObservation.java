package io.faalive.job.sync;

/**
 * ScoreSync's record, one per stream and window: what perception knows of that stretch of
 * media. The Avro {@code PerceptionWindow} is made from it at the sink.
 *
 * @param voice the window's voice vector, null without speech
 * @param voiceEmbedder name and dimension of the voice vector's model, for example {@code xvector-128}
 * @param syncCue {@code envelope} or {@code light-asd}
 * @param producerTimeMs when the producer wrote the chunk that completed the window
 * @param observedAtMs wall-clock time the observation was made
 * @param speechSpans the VAD's speech inside the window: start and end pairs in media time (epoch ms)
 */
public record WindowObservation(String streamId, long startTsMs, long endTsMs, float speechShare, boolean speech,
        float[] voice, String voiceEmbedder, int frameWidth, int frameHeight, TrackInWindow[] tracks, String syncCue,
        long producerTimeMs, long observedAtMs, long[] speechSpans) {}

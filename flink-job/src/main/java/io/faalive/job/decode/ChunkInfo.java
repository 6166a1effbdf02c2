package io.faalive.job.decode;

/**
 * Which chunk a stage record comes from, and the shape of its video: carried unchanged by
 * every perception record so that each stage can say where its output belongs.
 *
 * @param startTsMs media time of the chunk's start (epoch ms, the producer's clock)
 * @param producerTimeMs when the producer wrote the chunk, for end-to-end lag
 * @param frameWidth width of the analysis frames in pixels (0 without video)
 * @param frames analysis frames decoded from the chunk
 */
public record ChunkInfo(String streamId, long seq, long startTsMs, int durationMs, long producerTimeMs,
        int frameWidth, int frameHeight, int frames) {

    public static ChunkInfo of(DecodedChunk d) {
        VideoFrame first = d.frames == null || d.frames.length == 0 ? null : d.frames[0];
        return new ChunkInfo(d.streamId, d.seq, d.startTsMs, d.durationMs, d.producerTimeMs,
                first == null ? 0 : first.width, first == null ? 0 : first.height, d.frames == null ? 0 : d.frames.length);
    }

    public long endTsMs() {
        return startTsMs + durationMs;
    }
}

package io.faalive.job.decode;

/**
 * The audio of one chunk: 16-bit mono PCM starting at {@code startTsMs} (media time, epoch
 * ms). {@code pcm} is empty when the chunk had no audio.
 */
public record ChunkAudio(short[] pcm, int sampleRate, long startTsMs) {

    public static ChunkAudio of(DecodedChunk d) {
        return new ChunkAudio(d.pcm == null ? new short[0] : d.pcm, d.sampleRate, d.audioStartTsMs);
    }

    public boolean isEmpty() {
        return pcm.length == 0;
    }
}

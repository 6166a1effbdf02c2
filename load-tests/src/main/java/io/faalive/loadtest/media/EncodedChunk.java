package io.faalive.loadtest.media;

/** One self-decodable media chunk: its bytes, where it sits in the source, and how it is encoded. */
public record EncodedChunk(byte[] payload, long offsetMs, int durationMs, String container, String videoCodec,
        String audioCodec) {}

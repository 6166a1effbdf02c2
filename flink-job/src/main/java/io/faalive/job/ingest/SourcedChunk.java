package io.faalive.job.ingest;

import io.faalive.job.source.RawRecord;
import io.faalive.schemas.MediaChunk;

/** A parsed chunk together with where it came from, so later stages can still dead-letter it. */
public class SourcedChunk {

    public MediaChunk chunk;
    public RawRecord origin;

    public SourcedChunk() {}

    public SourcedChunk(MediaChunk chunk, RawRecord origin) {
        this.chunk = chunk;
        this.origin = origin;
    }

    public String streamId() {
        return chunk.getStreamId();
    }
}

package io.faalive.job.associate;

import io.faalive.job.source.RawRecord;

/**
 * A request to switch to another FAA model, from the model-updates topic.
 *
 * @param origin the record it came from, for the dead letter if the model is refused
 */
public record ModelRequest(String version, String path, String sha256, RawRecord origin) {}

package io.faalive.job.associate;

import io.faalive.serving.associate.SpeakerSpan;

/**
 * Associate's main record: one decided span of a stream's media timeline.
 *
 * @param producerTimeMs producer time of the newest chunk behind the decision, for end-to-end lag
 */
public record SpeakerDecision(String streamId, SpeakerSpan span, long producerTimeMs, String modelVersion) {}

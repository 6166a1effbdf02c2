package io.faalive.job.associate;

import io.faalive.serving.associate.SpeakerSpan;
import io.faalive.serving.identify.Identity;

/**
 * Associate's main record: one decided span of a stream's media timeline.
 *
 * @param identity the enrolled person the span's session speaker is, null when nobody (or silence)
 * @param faaScore the FAA match probability of the speaking face and the speaker's voice, null without an FAA model or a face
 * @param producerTimeMs producer time of the newest chunk behind the decision, for end-to-end lag
 */
public record SpeakerDecision(String streamId, SpeakerSpan span, Identity identity, Float faaScore, long producerTimeMs,
        String modelVersion) {}

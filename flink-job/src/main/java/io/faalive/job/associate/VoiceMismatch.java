package io.faalive.job.associate;

import io.faalive.serving.identify.SpeakerIdentities;

/** Associate's side record: a voice that does not fit the enrolled face it is bound to, once per episode. */
public record VoiceMismatch(String streamId, SpeakerIdentities.Mismatch mismatch, String modelVersion) {}

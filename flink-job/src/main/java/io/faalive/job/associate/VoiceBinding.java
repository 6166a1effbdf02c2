package io.faalive.job.associate;

import io.faalive.serving.associate.Binding;

/** Associate's side record: a session speaker bound to a face track, or moved to another. */
public record VoiceBinding(String streamId, Binding binding, String modelVersion) {}

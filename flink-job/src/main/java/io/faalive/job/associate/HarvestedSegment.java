package io.faalive.job.associate;

import io.faalive.serving.harvest.SampleHarvester;

/** Associate's side record: a single-speaker segment for the learning loop, with the encoders its vectors come from. */
public record HarvestedSegment(String streamId, SampleHarvester.Sample sample, String faceEncoderId, String voiceEncoderId) {}

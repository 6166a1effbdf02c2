package io.faalive.job.associate;

/** Associate's side record: a model update it refused, and why (it keeps the model it has). */
public record RefusedModel(ModelRequest request, String reason) {}

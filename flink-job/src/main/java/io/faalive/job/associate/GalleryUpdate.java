package io.faalive.job.associate;

import io.faalive.serving.identify.EnrolledPerson;

/** A change to the enrolled gallery from the enrollments topic: {@code person} null removes {@code personId}. */
public record GalleryUpdate(String personId, EnrolledPerson person) {}

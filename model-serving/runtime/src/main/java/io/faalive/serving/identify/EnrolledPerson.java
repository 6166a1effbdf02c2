package io.faalive.serving.identify;

import java.io.Serializable;

/**
 * A person of the enrolled gallery as the association uses it: L2-normalised vectors from the
 * job's own face and voice encoders; either may be null (enrolled from photos only, or from
 * voice only).
 */
public record EnrolledPerson(String personId, String displayName, float[] face, float[] voice) implements Serializable {

    public EnrolledPerson {
        if (personId == null || personId.isBlank()) {
            throw new IllegalArgumentException("an enrolled person needs a personId");
        }
        if (face == null && voice == null) {
            throw new IllegalArgumentException("enrolled person " + personId + " has neither a face nor a voice vector");
        }
    }
}

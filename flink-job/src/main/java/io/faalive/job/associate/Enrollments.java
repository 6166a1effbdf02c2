package io.faalive.job.associate;

import io.faalive.schemas.Enrollment;
import io.faalive.serving.identify.EnrolledPerson;
import io.faalive.serving.identify.Gallery;
import io.faalive.serving.perception.PerceptionConfig;
import io.faalive.serving.runtime.Vectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Enrollment records as the association uses them: vectors made by other encoders than the
 * job's (another face or voice model, another size) cannot be compared with its own and are
 * refused, so a gallery from another deployment never names anyone by accident.
 */
public final class Enrollments {

    private Enrollments() {}

    /** The person an enrollment describes, or an {@link IllegalArgumentException} saying why it cannot be used. */
    public static EnrolledPerson person(Enrollment e, PerceptionConfig encoders) {
        String id = e.getPersonId().toString();
        float[] face = vector(e.getFaceVector(), e.getFaceEncoderId(), encoders.faceEmbedderName(), id, "face");
        float[] voice = vector(e.getVoiceVector(), e.getVoiceEncoderId(), encoders.voiceEmbedderName(), id, "voice");
        if (face == null && voice == null) {
            throw new IllegalArgumentException("enrollment of " + id + " has neither a face nor a voice vector");
        }
        return new EnrolledPerson(id, e.getDisplayName().toString(), face, voice);
    }

    /** A gallery file's people, each checked as {@link #person} does; a file with an unusable person fails whole. */
    public static Gallery load(Path file, PerceptionConfig encoders) throws IOException {
        List<EnrolledPerson> people = new ArrayList<>();
        for (Enrollment e : GalleryFile.read(file).values()) {
            try {
                people.add(person(e, encoders));
            } catch (IllegalArgumentException bad) {
                throw new IOException("gallery " + file + ": " + bad.getMessage());
            }
        }
        return Gallery.of(people);
    }

    private static float[] vector(List<Float> values, CharSequence encoder, String expected, String id, String what) {
        if (values == null) {
            return null;
        }
        if (encoder == null || !encoder.toString().equals(expected)) {
            throw new IllegalArgumentException("the " + what + " vector of " + id + " comes from encoder " + encoder
                    + ", but the job's is " + expected + ": enroll again with this job's settings");
        }
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException("the " + what + " vector of " + id + " holds a value that is not a number");
            }
        }
        return Vectors.normalise(v);
    }
}

package io.faalive.serving.identify;

import io.faalive.serving.audio.VoiceVectors;
import java.io.Serializable;
import java.util.Collection;
import java.util.TreeMap;
import java.util.function.Function;

/** The enrolled people, by id; immutable, so a job can share one between windows. */
public final class Gallery implements Serializable {

    private static final Gallery EMPTY = new Gallery(new TreeMap<>());

    /** The enrolled person closest to a probe, and how close the next one is (-1 without one). */
    public record Match(EnrolledPerson person, double cosine, double runnerUp) {

        public double margin() {
            return cosine - runnerUp;
        }
    }

    private final TreeMap<String, EnrolledPerson> people;

    private Gallery(TreeMap<String, EnrolledPerson> people) {
        this.people = people;
    }

    public static Gallery empty() {
        return EMPTY;
    }

    public static Gallery of(Collection<EnrolledPerson> people) {
        Gallery g = EMPTY;
        for (EnrolledPerson p : people) {
            g = g.with(p);
        }
        return g;
    }

    /** This gallery with {@code person} added or replaced. */
    public Gallery with(EnrolledPerson person) {
        TreeMap<String, EnrolledPerson> next = new TreeMap<>(people);
        next.put(person.personId(), person);
        return new Gallery(next);
    }

    /** This gallery without {@code personId}. */
    public Gallery without(String personId) {
        if (!people.containsKey(personId)) {
            return this;
        }
        TreeMap<String, EnrolledPerson> next = new TreeMap<>(people);
        next.remove(personId);
        return new Gallery(next);
    }

    public EnrolledPerson person(String personId) {
        return people.get(personId);
    }

    public Collection<EnrolledPerson> people() {
        return java.util.Collections.unmodifiableCollection(people.values());
    }

    public boolean isEmpty() {
        return people.isEmpty();
    }

    public int size() {
        return people.size();
    }

    /** The person whose enrolled face is closest to {@code face}, or null when nobody has a face vector. */
    public Match closestFace(float[] face) {
        return closest(face, EnrolledPerson::face);
    }

    /** The person whose enrolled voice is closest to {@code voice}, or null when nobody has a voice vector. */
    public Match closestVoice(float[] voice) {
        return closest(voice, EnrolledPerson::voice);
    }

    private Match closest(float[] probe, Function<EnrolledPerson, float[]> vector) {
        if (probe == null) {
            return null;
        }
        EnrolledPerson best = null;
        double bestCos = -2;
        double second = -1;
        for (EnrolledPerson p : people.values()) {
            float[] v = vector.apply(p);
            if (v == null || v.length != probe.length) {
                continue;
            }
            double c = VoiceVectors.cosine(v, probe);
            if (c > bestCos) {
                second = Math.max(second, bestCos);
                bestCos = c;
                best = p;
            } else {
                second = Math.max(second, c);
            }
        }
        return best == null ? null : new Match(best, bestCos, second);
    }

    @Override
    public String toString() {
        return "Gallery" + people.keySet();
    }
}

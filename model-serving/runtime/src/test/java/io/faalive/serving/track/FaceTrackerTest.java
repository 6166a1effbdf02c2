package io.faalive.serving.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaceTrackerTest {

    /** IoU 0.3, 1.5 s gap, bridge cosine 0.5, 4 s of mouth history. */
    private static final FaceTracker.Settings SETTINGS = new FaceTracker.Settings(0.3f, 1500, 0.5f, 4000);

    private static final float[] ALICE = unit(1, 0, 0);
    private static final float[] BOB = unit(0, 1, 0);

    @Test
    void movingFacesKeepTheirIds() {
        FaceTracker tracker = new FaceTracker(SETTINGS);
        long[] first = tracker.update(0, List.of(face(100, ALICE), face(400, BOB)));
        assertThat(first[0]).isNotEqualTo(first[1]);
        for (int step = 1; step <= 10; step++) {
            // both drift right by 5 px per frame and the detector lists them in the other order
            long[] ids = tracker.update(step * 200L, List.of(face(400 + 5 * step, BOB), face(100 + 5 * step, ALICE)));
            assertThat(ids).containsExactly(first[1], first[0]);
        }
        assertThat(tracker.tracks()).hasSize(2);
        assertThat(tracker.track(first[0]).embedding()).containsExactly(ALICE);
    }

    @Test
    void shortGapIsBridgedByTheEmbeddingAndStrangersGetNewTracks() {
        FaceTracker tracker = new FaceTracker(SETTINGS);
        long alice = tracker.update(0, List.of(face(100, ALICE)))[0];
        // 1 s without detections, then Alice reappears far from her last box
        long again = tracker.update(1000, List.of(face(600, ALICE)))[0];
        assertThat(again).isEqualTo(alice);
        long stranger = tracker.update(1200, List.of(face(600, ALICE), face(100, BOB)))[1];
        assertThat(stranger).isNotEqualTo(alice);
    }

    @Test
    void tracksLostLongerThanTheGapAreDropped() {
        FaceTracker tracker = new FaceTracker(SETTINGS);
        long alice = tracker.update(0, List.of(face(100, ALICE)))[0];
        long later = tracker.update(5000, List.of(face(100, ALICE)))[0];
        assertThat(later).isNotEqualTo(alice);
        assertThat(tracker.tracks()).hasSize(1);
    }

    @Test
    void mouthHistoryIsKeptPerTrackAndBounded() {
        FaceTracker tracker = new FaceTracker(new FaceTracker.Settings(0.3f, 1500, 0.5f, 1000));
        long id = 0;
        for (int i = 0; i < 20; i++) {
            id = tracker.update(i * 200L, List.of(new FaceTracker.Detection(100, 100, 200, 200, ALICE, true, i / 20f)))[0];
        }
        List<float[]> mouth = tracker.track(id).mouthBetween(3000, 4000);
        assertThat(mouth).hasSize(5);
        assertThat(mouth.get(0)[1]).isEqualTo(15 / 20f);
        assertThat(tracker.track(id).mouthBetween(0, 2500)).as("older than the history").isEmpty();
    }

    private static FaceTracker.Detection face(float x, float[] embedding) {
        return new FaceTracker.Detection(x, 100, x + 120, 240, embedding, true, 0.1f);
    }

    private static float[] unit(float... v) {
        return v;
    }
}

package io.faalive.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MeetingLayoutTest {

    private static final List<Double> ASPECTS = List.of(1.0, 16 / 9.0, 1.25, 1.0, 0.8);

    @Test
    void tilesStayOnTheCanvasDoNotOverlapAndKeepTheirClipsShape() {
        for (MeetingLayout.Kind kind : MeetingLayout.Kind.values()) {
            for (long seed = 0; seed < 20; seed++) {
                List<MeetingLayout.Rect> tiles = MeetingLayout.place(kind, ASPECTS, 1280, 720, new SplittableRandom(seed));
                assertThat(tiles).hasSize(ASPECTS.size());
                for (int i = 0; i < tiles.size(); i++) {
                    MeetingLayout.Rect r = tiles.get(i);
                    assertThat(r.x()).isGreaterThanOrEqualTo(0);
                    assertThat(r.y()).isGreaterThanOrEqualTo(0);
                    assertThat(r.x() + r.w()).isLessThanOrEqualTo(1280);
                    assertThat(r.y() + r.h()).isLessThanOrEqualTo(720);
                    assertThat(r.w() % 2 + r.h() % 2).isZero();
                    assertThat((double) r.w() / r.h()).isCloseTo(ASPECTS.get(i), org.assertj.core.api.Assertions.within(0.03));
                    for (int j = 0; j < i; j++) {
                        assertThat(r.overlaps(tiles.get(j), 0)).as("%s tiles %d and %d, seed %d", kind, i, j, seed).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void aFreeLayoutHasTilesOfDifferentSizes() {
        List<MeetingLayout.Rect> tiles = MeetingLayout.free(List.of(1.0, 1.0, 1.0, 1.0), 1280, 720, new SplittableRandom(5));
        assertThat(tiles.stream().map(MeetingLayout.Rect::h).distinct().count()).isGreaterThan(1);
    }
}

package io.faalive.serving.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Mouth motion on synthetic gray frames: a face box at (100, 100)-(200, 220) in a 320x240 frame. */
class MouthMotionTest {

    private static final int W = 320;
    private static final int H = 240;

    @Test
    void aMouthThatOpensMovesAndAStillFaceDoesNot() {
        byte[] closed = face(false, 0);
        byte[] open = face(true, 0);
        float speaking = MouthMotion.between(closed, open, W, H, 100, 100, 200, 220);
        float still = MouthMotion.between(closed, closed.clone(), W, H, 100, 100, 200, 220);
        assertThat(still).isZero();
        assertThat(speaking).isGreaterThan(5f);
    }

    @Test
    void aWholeFaceShiftCountsForLessThanTheMouthAlone() {
        // brightness change over the whole face (light, head motion): mouth and eye bands change alike
        float light = MouthMotion.between(face(false, 0), face(false, 40), W, H, 100, 100, 200, 220);
        float mouth = MouthMotion.between(face(false, 0), face(true, 0), W, H, 100, 100, 200, 220);
        assertThat(light).isLessThan(mouth / 4);
    }

    @Test
    void aTinyOrOffFrameFaceHasNoValue() {
        byte[] f = face(false, 0);
        assertThat(MouthMotion.between(f, f, W, H, 10, 10, 20, 20)).isNaN();
        assertThat(MouthMotion.between(f, f, W, H, 400, 300, 500, 420)).isNaN();
    }

    /** A mid-gray face; an open mouth is a dark rectangle in its lower third. */
    private static byte[] face(boolean mouthOpen, int brighter) {
        byte[] g = new byte[W * H];
        for (int y = 100; y < 220; y++) {
            for (int x = 100; x < 200; x++) {
                boolean mouth = mouthOpen && y >= 185 && y < 205 && x >= 130 && x < 170;
                g[y * W + x] = (byte) (mouth ? 20 : 140 + brighter);
            }
        }
        return g;
    }
}

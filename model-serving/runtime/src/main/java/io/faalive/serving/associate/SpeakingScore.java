package io.faalive.serving.associate;

/**
 * Which face in view looks like it speaks: its sync score gated by how much its mouth moves
 * compared with the liveliest mouth in view. A correlation alone cannot tell a still face from
 * a speaking one: a mouth that barely moves (a listener, a paused picture) still correlates by
 * chance with the speech envelope, as well as a small or poorly synced talking face does, and
 * the best of several audio lags makes that chance correlation positive. A speaker's mouth moves
 * more than a listener's in nearly every window, so the sync of a face whose mouth moves a
 * fraction {@code f} of the most is scaled by the square root of {@code f}. Where every mouth
 * moves alike (people mouthing along, a face alone) the sync decides as before.
 */
public final class SpeakingScore {

    private SpeakingScore() {}

    /** The candidates with their sync replaced by the speaking score; NaN stays NaN. */
    public static Candidate[] of(Candidate[] inView) {
        float liveliest = 0;
        for (Candidate c : inView) {
            if (!Float.isNaN(c.sync()) && c.activity() > liveliest) {
                liveliest = c.activity();
            }
        }
        Candidate[] out = new Candidate[inView.length];
        for (int i = 0; i < inView.length; i++) {
            Candidate c = inView[i];
            if (Float.isNaN(c.sync()) || liveliest <= 0) {
                out[i] = c;
            } else {
                double share = Math.max(0, c.activity()) / liveliest;
                out[i] = c.withSync((float) (Math.max(0, c.sync()) * Math.sqrt(share)));
            }
        }
        return out;
    }
}

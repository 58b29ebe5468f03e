package io.streamadapt.adapt;

/**
 * Which labelled events the gate keeps for itself: every {@code period}-th event (by arrival count) goes to the holdout
 * window instead of training. It joins the rehearsal reservoir when the window evicts it, so no label is wasted.
 */
public record HoldoutPolicy(int period) {
    public static final HoldoutPolicy DEFAULT = new HoldoutPolicy(5);

    public boolean isHoldout(long arrival) {
        return period > 0 && Math.floorMod(arrival, period) == period - 1;
    }
}

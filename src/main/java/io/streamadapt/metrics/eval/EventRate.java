package io.streamadapt.metrics.eval;

import java.util.Arrays;

/**
 * Events per second over a sliding window of whole seconds, from one-second buckets. Before the window has filled (a
 * trainer that just started) the rate is over the time since the first event, so it is not diluted by seconds that
 * had not begun. Thread-safe: the trainer records while a scrape reads.
 */
public final class EventRate {
    private final long[] counts;
    private final long[] seconds;
    private long firstSecond = Long.MIN_VALUE;

    /** @param windowSeconds length of the window */
    public EventRate(int windowSeconds) {
        if (windowSeconds < 1) {
            throw new IllegalArgumentException("the window needs at least one second");
        }
        counts = new long[windowSeconds];
        seconds = new long[windowSeconds];
        Arrays.fill(seconds, Long.MIN_VALUE);
    }

    public synchronized void record(long nowMillis) {
        long second = Math.floorDiv(nowMillis, 1000);
        if (firstSecond == Long.MIN_VALUE) {
            firstSecond = second;
        }
        int i = (int) Math.floorMod(second, (long) counts.length);
        if (seconds[i] != second) {
            seconds[i] = second;
            counts[i] = 0;
        }
        counts[i]++;
    }

    /** Events per second over the window ending at {@code nowMillis}; 0 before any event. */
    public synchronized double perSecond(long nowMillis) {
        if (firstSecond == Long.MIN_VALUE) {
            return 0;
        }
        long now = Math.floorDiv(nowMillis, 1000);
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            if (seconds[i] > now - counts.length && seconds[i] <= now) {
                sum += counts[i];
            }
        }
        long span = Math.max(1, Math.min(counts.length, now - firstSecond + 1));
        return sum / (double) span;
    }
}

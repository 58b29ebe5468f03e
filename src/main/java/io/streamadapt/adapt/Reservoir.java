package io.streamadapt.adapt;

import java.util.SplittableRandom;

/**
 * Reservoir sampling (Algorithm R) as a pure function of the arrival count, so a restarted trainer makes the same
 * choices as the one before it: the {@code seen}-th example (0-based) takes slot {@code slotFor(seen)} or is skipped.
 */
public record Reservoir(int capacity, long seed) {
    /** The slot to write, or -1 when the example is not kept. */
    public int slotFor(long seen) {
        if (capacity <= 0) {
            return -1;
        }
        if (seen < capacity) {
            return (int) seen;
        }
        long j = new SplittableRandom(seed ^ (seen * 0x9E3779B97F4A7C15L)).nextLong(seen + 1);
        return j < capacity ? (int) j : -1;
    }
}

package io.streamadapt.adapt;

import java.util.List;

/**
 * Everything the trainer must not forget across a restart: the micro-batch buffer, the holdout window, the rehearsal
 * reservoir and a few counters. In the service it is backed by a changelogged state store, in simulations by memory.
 */
public interface TrainerMemory {
    /** Labelled events seen so far (the arrival count). */
    long seen();

    List<Example> buffer();

    /** Arrival time (epoch millis) of the oldest buffered event, or -1 when the buffer is empty. */
    long oldestBufferedAt();

    List<Example> holdout();

    /** Same as {@code buffer().size()}, without copying: the trainer asks on every event. */
    default int bufferSize() {
        return buffer().size();
    }

    /** Same as {@code holdout().size()}, without copying. */
    default int holdoutSize() {
        return holdout().size();
    }

    List<Example> reservoir();

    /** First offset not yet covered by an accepted version's lineage. */
    long lineageFrom();

    /** Arrival count when the lineage of the next accepted version began. */
    long lineageSeen();

    /** Largest offset seen so far, or -1. */
    long lastOffset();

    /** Version the trainer last built on (its current model), 0 for the source model. */
    long currentVersion();

    void recordArrival(Example e, boolean toHoldout, long arrivedAtMillis);

    /** Drops the oldest holdout event and returns it (for the reservoir). */
    Example evictHoldout();

    void putReservoir(int slot, Example e);

    void clearBuffer();

    /** The next accepted version's lineage starts at this offset, after {@code seen} arrivals. */
    void setLineageFrom(long offset, long seen);

    void setCurrentVersion(long version);
}

package io.streamadapt.adapt;

import java.time.Duration;
import java.util.List;

/**
 * The micro-batch trainer: routes each labelled event to the holdout window or the buffer, flushes the buffer by count
 * or age into an {@link AdaptationStep}, and keeps the rehearsal reservoir and the lineage counters in
 * {@link TrainerMemory}. Single-threaded, like the stream task that drives it.
 */
public final class Trainer {
    private final AdaptationStep step;
    private final Reservoir reservoir;
    private final HoldoutPolicy holdoutPolicy;
    private final int holdoutCapacity;
    private final int batchSize;
    private final Duration maxWait;
    private final TrainerMemory memory;

    public Trainer(AdaptationStep step, Reservoir reservoir, HoldoutPolicy holdoutPolicy, int holdoutCapacity, int batchSize,
                   Duration maxWait, TrainerMemory memory) {
        this.step = step;
        this.reservoir = reservoir;
        this.holdoutPolicy = holdoutPolicy;
        this.holdoutCapacity = holdoutCapacity;
        this.batchSize = batchSize;
        this.maxWait = maxWait;
        this.memory = memory;
    }

    /**
     * A flushed micro-batch: what was learned, the gate's verdict, and the lineage an accepted candidate would get: the
     * offsets and count of all labelled events since the last accepted version (trained on or held out).
     */
    public record Flush(AdaptationStep.Outcome outcome, int batchEvents, long fromOffset, long toOffset, long events) {
        public boolean accepted() {
            return outcome.gate().accepted();
        }
    }

    public TrainerMemory memory() {
        return memory;
    }

    /** Takes one labelled event; returns true when the buffer is now full. */
    public boolean add(Example e, long nowMillis) {
        boolean toHoldout = holdoutPolicy.isHoldout(memory.seen());
        memory.recordArrival(e, toHoldout, nowMillis);
        if (toHoldout && memory.holdoutSize() > holdoutCapacity) {
            long index = offeredSoFar();
            offerToReservoir(memory.evictHoldout(), index);
        }
        return memory.bufferSize() >= batchSize;
    }

    /** Whether the buffer should flush now: full, or its oldest event has waited {@code batch.max.wait}. */
    public boolean due(long nowMillis) {
        int size = memory.bufferSize();
        if (size == 0) return false;
        return size >= batchSize || nowMillis - memory.oldestBufferedAt() >= maxWait.toMillis();
    }

    /**
     * Fine-tunes a candidate on the buffer and the reservoir, judges it, and moves the buffer into the reservoir.
     * The caller publishes an accepted candidate and then calls {@link #accepted(long)}.
     */
    public Flush flush(Classifier current) {
        List<Example> batch = memory.buffer();
        AdaptationStep.Outcome outcome = step.run(current, batch, memory.reservoir(), memory.holdout());
        long index = offeredSoFar();
        for (Example e : batch) offerToReservoir(e, index++);
        memory.clearBuffer();
        return new Flush(outcome, batch.size(), memory.lineageFrom(), memory.lastOffset(), memory.seen() - memory.lineageSeen());
    }

    /** Records that the candidate of the last flush became {@code version}: its lineage ends at the last offset seen. */
    public void accepted(long version) {
        memory.setLineageFrom(memory.lastOffset() + 1, memory.seen());
        memory.setCurrentVersion(version);
    }

    /**
     * Every event seen is in the buffer, in the holdout window or already offered to the reservoir, so the count of
     * offers follows from the memory alone and a restarted trainer picks the same reservoir slots.
     */
    private long offeredSoFar() {
        return memory.seen() - memory.bufferSize() - memory.holdoutSize();
    }

    private void offerToReservoir(Example e, long index) {
        int slot = reservoir.slotFor(index);
        if (slot >= 0) memory.putReservoir(slot, e);
    }
}

package io.streamadapt.adapt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The micro-batch trainer: routes each labelled event to the holdout window or the buffer, flushes the buffer by count
 * or age into an {@link AdaptationStep}, and keeps the rehearsal reservoir and the lineage counters in
 * {@link TrainerMemory}. Single-threaded, like the stream task that drives it.
 *
 * <p>While labels are few, the buffer flushes early: at a quarter of the events learned so far, never below
 * {@code batchMin} nor above {@code batchSize}. The first versions then come after 10, 20, 30... labels instead of
 * after a full micro-batch, when each new label still moves accuracy the most and a step costs little.
 */
public final class Trainer {
    private final AdaptationStep step;
    private final Settings settings;
    private final TrainerMemory memory;
    private Classifier scratch;

    /**
     * @param batchMin          smallest micro-batch, used while few events have been learned
     * @param batchSize         largest micro-batch
     * @param holdoutCapacity   size of the gate's window of recent held-out events
     * @param maxWait           a buffer whose oldest event is this old flushes whatever its size
     * @param replay            reservoir events replayed per step (a fresh sample each step); the whole reservoir when smaller
     */
    public record Settings(int batchMin, int batchSize, Duration maxWait, Reservoir reservoir, int replay, HoldoutPolicy holdoutPolicy,
                           int holdoutCapacity, long seed) {
        public Settings {
            if (batchMin < 1 || batchSize < batchMin) throw new IllegalArgumentException("need 1 <= batchMin <= batchSize");
        }
    }

    public Trainer(AdaptationStep step, Settings settings, TrainerMemory memory) {
        this.step = step;
        this.settings = settings;
        this.memory = memory;
    }

    /**
     * A flushed micro-batch: what was learned, the gate's verdict, and the lineage an accepted candidate would get: the
     * offsets and count of all labelled events since the last accepted version (trained on or held out).
     */
    public record Flush(AdaptationStep.Outcome outcome, int batchEvents, long fromOffset, long toOffset, long events) {
        public boolean accepted() {
            return outcome.accepted();
        }
    }

    public TrainerMemory memory() {
        return memory;
    }

    /**
     * Starts the scratch shadow from random weights shaped like {@code like}. After a restart it first learns the events
     * the memory still holds (reservoir and holdout-evicted events), so it is not set back to zero by a restart.
     */
    public void startScratch(Classifier initial) {
        scratch = initial;
        if (!memory.reservoir().isEmpty()) {
            scratch = step.run(scratch, null, List.of(), memory.reservoir(), List.of(), settings.seed()).published();
            if (scratch == null) scratch = initial;
        }
    }

    /** The scratch shadow, or null when it is not kept. */
    public Classifier scratch() {
        return scratch;
    }

    /** Takes one labelled event; returns true when the buffer is now due for a flush by size. */
    public boolean add(Example e, long nowMillis) {
        boolean toHoldout = settings.holdoutPolicy().isHoldout(memory.seen());
        memory.recordArrival(e, toHoldout, nowMillis);
        if (toHoldout && memory.holdoutSize() > settings.holdoutCapacity()) {
            long index = offeredSoFar();
            offerToReservoir(memory.evictHoldout(), index);
        }
        return memory.bufferSize() >= batchThreshold();
    }

    /** Micro-batch size now: a quarter of what has been learned, within {@code [batchMin, batchSize]}. */
    public int batchThreshold() {
        long learned = offeredSoFar();
        return (int) Math.max(settings.batchMin(), Math.min(settings.batchSize(), learned / 4));
    }

    /** Whether the buffer should flush now: full, or its oldest event has waited {@code batch.max.wait}. */
    public boolean due(long nowMillis) {
        int size = memory.bufferSize();
        if (size == 0) return false;
        return size >= batchThreshold() || nowMillis - memory.oldestBufferedAt() >= settings.maxWait().toMillis();
    }

    /**
     * Fine-tunes candidates on the buffer and the reservoir, judges them, and moves the buffer into the reservoir.
     * The caller publishes an accepted candidate and then calls {@link #accepted(long)}.
     */
    public Flush flush(Classifier current) {
        List<Example> batch = memory.buffer();
        long stepSeed = settings.seed() ^ (memory.seen() * 0x9E3779B97F4A7C15L);
        List<Example> rehearsal = new ArrayList<>(memory.reservoir());
        if (rehearsal.size() > settings.replay()) {
            // Each step starts from the last version, which has learned the reservoir already: a fresh sample of it keeps
            // old events in play at a cost that does not grow with the reservoir.
            Collections.shuffle(rehearsal, new Random(stepSeed));
            rehearsal = rehearsal.subList(0, settings.replay());
        }
        AdaptationStep.Outcome outcome = step.run(current, scratch, batch, rehearsal, memory.holdout(), stepSeed);
        if (outcome.scratch() != null) scratch = outcome.scratch();
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
        int slot = settings.reservoir().slotFor(index);
        if (slot >= 0) memory.putReservoir(slot, e);
    }
}

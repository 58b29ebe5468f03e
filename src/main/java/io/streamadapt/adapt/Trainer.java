package io.streamadapt.adapt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * The micro-batch trainer: routes each labelled event to the holdout window or the buffer, flushes the buffer by count
 * or age into an {@link AdaptationStep}, and keeps the rehearsal reservoir and the lineage counters in
 * {@link TrainerMemory}. Single-threaded, like the stream task that drives it.
 *
 * <p>While labels are few, the buffer flushes early: at a quarter of the events learned so far, never below
 * {@code batchMin} nor above {@code batchSize}. The first versions then come after 10, 20, 30... labels instead of
 * after a full micro-batch, when each new label still moves accuracy the most and a step costs little.
 *
 * <p>When labelled events wait behind the one just taken in (a backlog: the trainer was busy, or it starts on a full
 * topic), the buffer takes in what is waiting, up to {@code backlogMax} events and at most {@value #BACKLOG_GROWTH} times
 * as many as have been learned so far, and flushes it as one step. A step's cost grows far slower than its size (the
 * rehearsal sample is fixed, and a larger step runs fewer, larger mini-batches), so the cost per labelled event falls as
 * the backlog grows.
 */
public final class Trainer {
    /**
     * Under a backlog a step learns at most this many times what was learned before it, so a young model still gets a
     * few early versions (after 10, 40, 160, 640... labels). Why not 1 (doubling): an early step costs about as much as a
     * large one (a small step trains more passes), and doubling took 6 of its 10 steps and half of the time to learn
     * the first 800 events of a 5,000-event backlog.
     */
    static final int BACKLOG_GROWTH = 3;
    private final AdaptationStep step;
    private final Settings settings;
    private final TrainerMemory memory;
    private final LongSupplier streamEnd;
    private Classifier scratch;
    private Classifier line;
    private Classifier lastPublished;
    private long waiting;
    private final PairedScores shadowVersusLine;

    /**
     * @param batchMin          smallest micro-batch, used while few events have been learned
     * @param batchSize         largest micro-batch
     * @param holdoutCapacity   size of the gate's window of recent held-out events
     * @param maxWait           a buffer whose oldest event is this old flushes whatever its size
     * @param replay            reservoir events replayed per step (a fresh sample each step); the whole reservoir when smaller
     * @param backlogMax        largest micro-batch while events wait behind the trainer; {@code batchSize} turns backlog batches off
     */
    public record Settings(int batchMin, int batchSize, Duration maxWait, Reservoir reservoir, int replay, HoldoutPolicy holdoutPolicy,
                           int holdoutCapacity, long seed, int backlogMax) {
        public Settings {
            if (batchMin < 1 || batchSize < batchMin) {
                throw new IllegalArgumentException("need 1 <= batchMin <= batchSize");
            }
            if (backlogMax < batchSize) {
                throw new IllegalArgumentException("need batchSize <= backlogMax");
            }
        }

        /** Micro-batches never larger than {@code batchSize}, backlog or not. */
        public Settings(int batchMin, int batchSize, Duration maxWait, Reservoir reservoir, int replay, HoldoutPolicy holdoutPolicy,
                        int holdoutCapacity, long seed) {
            this(batchMin, batchSize, maxWait, reservoir, replay, holdoutPolicy, holdoutCapacity, seed, batchSize);
        }
    }

    /** A trainer that never sees a backlog (offline, or where the end of the stream is unknown). */
    public Trainer(AdaptationStep step, Settings settings, TrainerMemory memory) {
        this(step, settings, memory, () -> -1);
    }

    /**
     * @param streamEnd offset the next labelled event will get (the end of the training topic), or -1 while unknown;
     *                  the events between the one taken in and it are the backlog
     */
    public Trainer(AdaptationStep step, Settings settings, TrainerMemory memory, LongSupplier streamEnd) {
        this.step = step;
        this.settings = settings;
        this.memory = memory;
        this.streamEnd = streamEnd;
        // as many paired events as the held-out window holds: the earlier evidence weighs as much as the recent one
        this.shadowVersusLine = new PairedScores(settings.holdoutCapacity());
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
            if (scratch == null) {
                scratch = initial;
            }
        }
    }

    /** The scratch shadow, or null when it is not kept. */
    public Classifier scratch() {
        return scratch;
    }

    /** Takes one labelled event; returns true when the buffer is now due for a flush by size. */
    public boolean add(Example e, long nowMillis) {
        long end = streamEnd.getAsLong();
        waiting = end < 0 ? 0 : Math.max(0, end - e.offset() - 1);
        boolean toHoldout = settings.holdoutPolicy().isHoldout(memory.seen());
        memory.recordArrival(e, toHoldout, nowMillis);
        if (toHoldout && memory.holdoutSize() > settings.holdoutCapacity()) {
            long index = offeredSoFar();
            offerToReservoir(memory.evictHoldout(), index);
        }
        return memory.bufferSize() >= batchThreshold();
    }

    /** Labelled events that were waiting behind the last one taken in, when it arrived. */
    public long waiting() {
        return waiting;
    }

    /**
     * Micro-batch size now: a quarter of what has been learned, within {@code [batchMin, batchSize]}; under a backlog,
     * everything buffered or waiting, up to {@code backlogMax} and at most {@value #BACKLOG_GROWTH} times what has been
     * learned so far (so a young model still gets versions at 10, 40, 160, 640... labels).
     */
    public int batchThreshold() {
        long learned = offeredSoFar();
        int normal = (int) Math.max(settings.batchMin(), Math.min(settings.batchSize(), learned / 4));
        // a few records behind (an operator command, a straggler) are no backlog: flush as usual
        if (waiting < normal) {
            return normal;
        }
        long everything = memory.bufferSize() + waiting;
        long bound = Math.min(settings.backlogMax(), Math.max(normal, BACKLOG_GROWTH * learned));
        return (int) Math.max(normal, Math.min(everything, bound));
    }

    /** Whether the buffer should flush now: full, or its oldest event has waited {@code batch.max.wait}. */
    public boolean due(long nowMillis) {
        int size = memory.bufferSize();
        if (size == 0) {
            return false;
        }
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
        // a backlog batch larger than batch.size trains with fewer, larger mini-batches (see FineTuneParams.forBatchScale)
        double scale = Math.max(1, batch.size() / (double) settings.batchSize());
        // The fine-tuned line goes on from its own weights while the scratch shadow serves; any other model serving (a
        // rollback, a restart, a version published outside the trainer) is where the line starts again.
        Classifier from = line != null && current == lastPublished ? line : current;
        if (scratch != null && !batch.isEmpty()) {
            // neither model has learned the batch yet: scored now, it is evidence of the same kind as the held-out events
            float[][] x = Examples.featuresOf(batch);
            shadowVersusLine.record(Scores.hits(from.classes(), from.predictProba(x), batch),
                    Scores.hits(scratch.classes(), scratch.predictProba(x), batch));
        }
        AdaptationStep.Outcome outcome = step.run(current, from, scratch, batch, rehearsal, memory.holdout(), stepSeed, scale,
                shadowVersusLine.discordant());
        if (outcome.scratch() != null) {
            scratch = outcome.scratch();
        }
        line = outcome.line();
        lastPublished = outcome.accepted() ? outcome.published() : current;
        long index = offeredSoFar();
        for (Example e : batch) {
            offerToReservoir(e, index++);
        }
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
        if (slot >= 0) {
            memory.putReservoir(slot, e);
        }
    }
}

package io.streamadapt.metrics.eval;

import io.streamadapt.adapt.AdaptationStep;
import io.streamadapt.adapt.GateVerdict;
import io.streamadapt.adapt.Trainer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * What the trainer has done since this process started: versions published (and how many were the scratch shadow),
 * candidates rejected by verdict, when it last published, and how many events wait in its buffer. Thread-safe.
 */
public final class TrainerProgress {
    /** Window of the events-per-second figure. */
    public static final int RATE_WINDOW_SECONDS = 10;
    private final AtomicInteger buffered = new AtomicInteger();
    private final AtomicLong waiting = new AtomicLong();
    private final EventRate rate = new EventRate(RATE_WINDOW_SECONDS);
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong scratchPublished = new AtomicLong();
    private final Map<GateVerdict, AtomicLong> rejected = new EnumMap<>(GateVerdict.class);
    // NaN until this process publishes: a restarted trainer does not know when its predecessor last did
    private volatile double lastPublishedSeconds = Double.NaN;
    private final DoubleAdder fineTuneSeconds = new DoubleAdder();

    public TrainerProgress() {
        for (GateVerdict v : GateVerdict.values()) {
            rejected.put(v, new AtomicLong());
        }
    }

    /**
     * Records a flushed micro-batch.
     *
     * @param version    the published version, or -1 when the candidate was rejected
     * @param wallMillis the time of the flush, epoch milliseconds
     */
    public void flushed(Trainer.Flush flush, long version, long wallMillis) {
        fineTuneSeconds.add(flush.outcome().fineTuneSeconds());
        if (version >= 0) {
            published.incrementAndGet();
            lastPublishedSeconds = wallMillis / 1000.0;
            if (flush.outcome().origin() == AdaptationStep.Origin.SCRATCH) {
                scratchPublished.incrementAndGet();
            }
        } else {
            rejected.get(flush.outcome().gate().verdict()).incrementAndGet();
        }
    }

    public void buffered(int events) {
        buffered.set(events);
    }

    /** Labelled events waiting in the micro-batch buffer. */
    public int bufferedEvents() {
        return buffered.get();
    }

    /** Seconds spent in fine-tune steps (training the candidates and the scratch shadow) since the start. */
    public double fineTuneSeconds() {
        return fineTuneSeconds.sum();
    }

    public long published() {
        return published.get();
    }

    /** Published versions that were the scratch shadow (negative transfer). */
    public long scratchPublished() {
        return scratchPublished.get();
    }

    public long rejected(GateVerdict verdict) {
        return rejected.get(verdict).get();
    }

    /** Candidates rejected for any reason. */
    public long rejected() {
        return rejected.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Unix time in seconds of the latest version this process published, NaN before the first. */
    public double lastPublishedSeconds() {
        return lastPublishedSeconds;
    }

    /** A labelled event was taken in (scored, to be learned in a micro-batch). */
    public void took(long wallMillis) {
        rate.record(wallMillis);
    }

    /** Labelled events taken in per second over the last {@link #RATE_WINDOW_SECONDS} seconds. */
    public double eventsPerSecond(long wallMillis) {
        return rate.perSecond(wallMillis);
    }

    /** This many labelled events wait behind the one the trainer took in last. */
    public void waiting(long events) {
        waiting.set(events);
    }

    /** The trainer's lag in events. */
    public long lag() {
        return waiting.get();
    }
}

package io.streamadapt.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.streamadapt.adapt.GateVerdict;
import io.streamadapt.adapt.Trainer;
import io.streamadapt.metrics.eval.PrequentialEvaluator;
import io.streamadapt.metrics.eval.TrainerProgress;
import io.streamadapt.training.TrainingListener;
import java.time.Duration;
import java.util.List;

/**
 * The training stage's meters. It passes what the trainer tells it to a {@link PrequentialEvaluator} (exposed by
 * {@link PrequentialMetrics}) and a {@link TrainerProgress}, and registers the trainer's own meters over the latter:
 * versions published, candidates rejected by reason, buffer size, events scored, the fine-tune timer, and the trainer's
 * lag, events per second and micro-batch size.
 */
public final class TrainingMetrics implements MeterBinder, TrainingListener {
    private final PrequentialEvaluator evaluator;
    private final PrequentialMetrics prequential;
    private final TrainerProgress progress = new TrainerProgress();
    private volatile MeterRegistry registry;
    private volatile Timer fineTune;
    private volatile DistributionSummary batches;

    public TrainingMetrics(int window, List<String> initialClasses) {
        evaluator = new PrequentialEvaluator(window, initialClasses);
        prequential = new PrequentialMetrics(evaluator);
    }

    public PrequentialEvaluator evaluator() {
        return evaluator;
    }

    public TrainerProgress progress() {
        return progress;
    }

    /** Labelled events scored by the trainer since this process started. */
    public long scoredEvents() {
        return evaluator.scoredEvents();
    }

    /** Labelled events waiting in the micro-batch buffer. */
    public int bufferedEvents() {
        return progress.bufferedEvents();
    }

    /**
     * Takes the snapshot the evaluation gauges report until the next call. The /metrics handler calls it before each
     * scrape, so every gauge of a scrape describes the same window even while events keep arriving.
     */
    public void freezeForScrape() {
        prequential.freeze();
    }

    @Override
    public void bindTo(MeterRegistry r) {
        registry = r;
        prequential.bindTo(r);
        Gauge.builder("streamadapt.buffer.events", progress, TrainerProgress::bufferedEvents)
                .description("Labelled events waiting in the micro-batch buffer").register(r);
        FunctionCounter.builder("streamadapt.model.versions.published", progress, TrainerProgress::published)
                .description("Accepted candidates published as versions").register(r);
        FunctionCounter.builder("streamadapt.model.versions.scratch", progress, TrainerProgress::scratchPublished)
                .description("Versions that were the scratch shadow, published because it beat the fine-tuned line (negative transfer)").register(r);
        Gauge.builder("streamadapt.model.last.published.timestamp", progress, TrainerProgress::lastPublishedSeconds).baseUnit("seconds")
                .description("Unix time at which this trainer last published a version (NaN until it does); "
                        + "time() minus it is the time since the last version").register(r);
        FunctionCounter.builder("streamadapt.trainer.events", evaluator, PrequentialEvaluator::scoredEvents)
                .description("Labelled events the trainer scored before learning them; its rate is the trainer's events/s").register(r);
        fineTune = Timer.builder("streamadapt.finetune").description("Duration of one fine-tune step")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofMinutes(5))
                .register(r);
        Gauge.builder("streamadapt.trainer.lag.events", progress, TrainerProgress::lag)
                .description("Labelled events waiting on the training topic behind the one the trainer took in last (its lag); "
                        + "while it is above zero micro-batches grow up to batch.backlog-max").register(r);
        Gauge.builder("streamadapt.trainer.events.per.second", this, m -> m.progress.eventsPerSecond(m.now()))
                .description("Labelled events the trainer took in (scored, then learned in a micro-batch) per second over the last "
                        + TrainerProgress.RATE_WINDOW_SECONDS + " seconds").register(r);
        batches = DistributionSummary.builder("streamadapt.trainer.batch").baseUnit("events")
                .description("Labelled events learned in one micro-batch; larger than batch.size while the trainer works through a backlog")
                .register(r);
        for (GateVerdict v : GateVerdict.rejections()) {
            FunctionCounter.builder("streamadapt.model.candidates.rejected", progress, p -> p.rejected(v))
                    .description("Candidates the gate rejected, by reason").tag("reason", v.id()).register(r);
        }
    }

    @Override
    public void scored(String label, List<String> modelClasses, double[] adaptedP, List<String> sourceClasses, double[] sourceP,
                       float[] embedding) {
        evaluator.scored(label, modelClasses, adaptedP, sourceClasses, sourceP, embedding);
        progress.took(now());
    }

    /** The registry's clock once bound (tests drive it), else the system's. */
    private long now() {
        MeterRegistry r = registry;
        return r == null ? System.currentTimeMillis() : r.config().clock().wallTime();
    }

    @Override
    public void scratchScored(String label, List<String> modelClasses, double[] scratchP) {
        evaluator.scratchScored(label, modelClasses, scratchP);
    }

    @Override
    public void flushed(Trainer.Flush flush, long version) {
        MeterRegistry r = registry;
        progress.flushed(flush, version, now());
        if (r != null) {
            // the step's own figure: the registry's clock may have moved on since the step began
            fineTune.record(Duration.ofNanos((long) (flush.outcome().fineTuneSeconds() * 1e9)));
            batches.record(flush.batchEvents());
        }
    }

    @Override
    public void buffered(int events) {
        progress.buffered(events);
    }

    @Override
    public void waiting(long events) {
        progress.waiting(events);
    }
}

package io.streamadapt.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.streamadapt.adapt.AdaptationStep;
import io.streamadapt.adapt.GateVerdict;
import io.streamadapt.adapt.Trainer;
import io.streamadapt.buffer.TrainingListener;
import io.streamadapt.metrics.eval.EvaluationSnapshot;
import io.streamadapt.metrics.eval.EventRate;
import io.streamadapt.metrics.eval.FeatureSpaceSnapshot;
import io.streamadapt.metrics.eval.FeatureSpaceWindow;
import io.streamadapt.metrics.eval.PrequentialWindow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * Prequential evaluation of the adapted and the frozen source model over the last N labelled events (each scored before
 * it is learned), label shares, feature-space analysis, and the trainer's own meters: versions published, candidates
 * rejected by reason, fine-tune time, buffer size, lag, events per second and micro-batch size.
 */
public final class TrainingMetrics implements MeterBinder, TrainingListener {
    /** Window of the trainer's events-per-second gauge. */
    private static final int RATE_WINDOW_SECONDS = 10;
    private final List<String> classes = new CopyOnWriteArrayList<>();
    private final PrequentialWindow adapted;
    private final PrequentialWindow source;
    private final PrequentialWindow scratch;
    private final FeatureSpaceWindow features;
    private final AtomicInteger buffered = new AtomicInteger();
    private final AtomicLong scored = new AtomicLong();
    private final AtomicLong waiting = new AtomicLong();
    private final EventRate rate = new EventRate(RATE_WINDOW_SECONDS);
    // NaN until this process publishes: a restarted trainer does not know when its predecessor last did
    private volatile double lastPublishedSeconds = Double.NaN;
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;
    private volatile Counter published;
    private volatile Counter scratchPublished;
    private volatile Timer fineTune;
    private volatile DistributionSummary batches;
    private volatile Frozen frozen;

    /** The figures one scrape reports, taken together so that, for example, the label shares of a scrape add up to 1. */
    private record Frozen(EvaluationSnapshot adapted, EvaluationSnapshot source, EvaluationSnapshot scratch, FeatureSpaceSnapshot features) {
    }

    public TrainingMetrics(int window, List<String> initialClasses) {
        classes.addAll(initialClasses);
        adapted = new PrequentialWindow(window, initialClasses.size());
        source = new PrequentialWindow(window, initialClasses.size());
        scratch = new PrequentialWindow(window, initialClasses.size());
        features = new FeatureSpaceWindow(Math.max(50, window / 2));
    }

    /**
     * Takes the snapshot the gauges report until the next call. The /metrics handler calls it before each scrape, so
     * every gauge of a scrape describes the same window even while events keep arriving. Until it is first called the
     * gauges read the live windows.
     */
    public void freezeForScrape() {
        frozen = new Frozen(adapted.snapshot(), source.snapshot(), scratch.snapshot(), features.snapshot());
    }

    private EvaluationSnapshot adaptedView() {
        Frozen f = frozen;
        return f != null ? f.adapted() : adapted.snapshot();
    }

    private EvaluationSnapshot sourceView() {
        Frozen f = frozen;
        return f != null ? f.source() : source.snapshot();
    }

    private EvaluationSnapshot scratchView() {
        Frozen f = frozen;
        return f != null ? f.scratch() : scratch.snapshot();
    }

    private FeatureSpaceSnapshot featuresView() {
        Frozen f = frozen;
        return f != null ? f.features() : features.snapshot();
    }

    public EvaluationSnapshot adaptedSnapshot() {
        return adapted.snapshot();
    }

    public EvaluationSnapshot sourceSnapshot() {
        return source.snapshot();
    }

    public EvaluationSnapshot scratchSnapshot() {
        return scratch.snapshot();
    }

    /** Labelled events scored by the trainer since this process started. */
    public long scoredEvents() {
        return scored.get();
    }

    public int bufferedEvents() {
        return buffered.get();
    }

    @Override
    public void bindTo(MeterRegistry r) {
        registry = r;
        evaluation(r, "streamadapt.prequential", "adapted (serving) model", this::adaptedView);
        evaluation(r, "streamadapt.source.model", "frozen source model", this::sourceView);
        evaluation(r, "streamadapt.scratch.model", "scratch shadow model (same architecture and events, no transfer)", this::scratchView);
        Gauge.builder("streamadapt.prequential.window.events", this, m -> m.adaptedView().count())
                .description("Labelled events in the evaluation window").register(r);
        feature(r, "streamadapt.feature.class.mean.distance", "Mean distance between class means in the model's feature space",
                FeatureSpaceSnapshot::meanClassMeanDistance);
        feature(r, "streamadapt.feature.intra.class.variance", "Mean squared distance of an embedding to its class mean",
                FeatureSpaceSnapshot::intraClassVariance);
        feature(r, "streamadapt.feature.inter.class.distance", "Mean distance of an embedding to the nearest other class mean",
                FeatureSpaceSnapshot::interClassDistance);
        Gauge.builder("streamadapt.buffer.events", buffered, AtomicInteger::get)
                .description("Labelled events waiting in the micro-batch buffer").register(r);
        published = Counter.builder("streamadapt.model.versions.published").description("Accepted candidates published as versions").register(r);
        scratchPublished = Counter.builder("streamadapt.model.versions.scratch")
                .description("Versions that were the scratch shadow, published because it beat the fine-tuned line (negative transfer)").register(r);
        Gauge.builder("streamadapt.model.last.published.timestamp", this, m -> m.lastPublishedSeconds).baseUnit("seconds")
                .description("Unix time at which this trainer last published a version (NaN until it does); "
                        + "time() minus it is the time since the last version").register(r);
        FunctionCounter.builder("streamadapt.trainer.events", scored, AtomicLong::get)
                .description("Labelled events the trainer scored before learning them; its rate is the trainer's events/s").register(r);
        Gauge.builder("streamadapt.trainer.lag.events", waiting, AtomicLong::get)
                .description("Labelled events waiting on the training topic behind the one the trainer took in last (its lag); "
                        + "while it is above zero micro-batches grow up to batch.backlog-max").register(r);
        Gauge.builder("streamadapt.trainer.events.per.second", this, m -> m.rate.perSecond(m.now()))
                .description("Labelled events the trainer took in (scored, then learned in a micro-batch) per second over the last "
                        + RATE_WINDOW_SECONDS + " seconds").register(r);
        batches = DistributionSummary.builder("streamadapt.trainer.batch").baseUnit("events")
                .description("Labelled events learned in one micro-batch; larger than batch.size while the trainer works through a backlog")
                .register(r);
        fineTune = Timer.builder("streamadapt.finetune").description("Duration of one fine-tune step")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofMinutes(5))
                .register(r);
        for (GateVerdict v : GateVerdict.rejections()) rejectedCounter(v.id());
        for (int i = 0; i < classes.size(); i++) perClass(r, i);
    }

    private void evaluation(MeterRegistry r, String prefix, String what, java.util.function.Supplier<EvaluationSnapshot> w) {
        gauge(r, prefix + ".accuracy", "Accuracy of the " + what + " over the evaluation window", w, EvaluationSnapshot::accuracy);
        gauge(r, prefix + ".accuracy.lower", "Wilson 95% lower bound of the accuracy of the " + what, w, EvaluationSnapshot::wilsonLower);
        gauge(r, prefix + ".accuracy.upper", "Wilson 95% upper bound of the accuracy of the " + what, w, EvaluationSnapshot::wilsonUpper);
        gauge(r, prefix + ".f1.macro", "Macro F1 of the " + what, w, EvaluationSnapshot::f1Macro);
        gauge(r, prefix + ".auc.macro", "Macro one-vs-rest AUC of the " + what, w, EvaluationSnapshot::aucMacro);
        gauge(r, prefix + ".cross.entropy", "Mean cross-entropy (nats) of the " + what, w, EvaluationSnapshot::crossEntropy);
    }

    private void gauge(MeterRegistry r, String name, String description, java.util.function.Supplier<EvaluationSnapshot> w,
                       ToDoubleFunction<EvaluationSnapshot> f) {
        Gauge.builder(name, this, x -> f.applyAsDouble(w.get())).description(description).register(r);
    }

    private void feature(MeterRegistry r, String name, String description, ToDoubleFunction<FeatureSpaceSnapshot> f) {
        Gauge.builder(name, this, x -> f.applyAsDouble(x.featuresView())).description(description).register(r);
    }

    private void perClass(MeterRegistry r, int index) {
        String name = classes.get(index);
        Gauge.builder("streamadapt.label.share", this, m -> share(m.adaptedView().labelShare(), index))
                .description("Share of each class among the labelled events in the window").tag("class", name).register(r);
        Gauge.builder("streamadapt.class.recall", this, m -> share(m.adaptedView().perClassRecall(), index))
                .description("Recall of the adapted model per class over the window").tag("class", name).register(r);
    }

    private static double share(double[] values, int index) {
        return values != null && index < values.length ? values[index] : Double.NaN;
    }

    private Counter rejectedCounter(String reason) {
        MeterRegistry r = registry;
        return rejected.computeIfAbsent(reason, k -> Counter.builder("streamadapt.model.candidates.rejected")
                .description("Candidates the gate rejected, by reason").tag("reason", k).register(r));
    }

    @Override
    public void scored(String label, List<String> modelClasses, double[] adaptedP, List<String> sourceClasses, double[] sourceP,
                       float[] embedding) {
        int truth = indexOf(label);
        for (String c : modelClasses) indexOf(c);
        adapted.record(truth, reorder(modelClasses, adaptedP));
        source.record(truth, reorder(sourceClasses, sourceP));
        if (embedding != null) features.record(embedding, truth);
        scored.incrementAndGet();
        rate.record(now());
    }

    /** The registry's clock once bound (tests drive it), else the system's. */
    private long now() {
        MeterRegistry r = registry;
        return r == null ? System.currentTimeMillis() : r.config().clock().wallTime();
    }

    /** Index of a class in the metrics' class list, adding it (and its per-class gauges) when it is new. */
    private synchronized int indexOf(String label) {
        int i = classes.indexOf(label);
        if (i >= 0) return i;
        classes.add(label);
        adapted.growClasses(classes.size());
        source.growClasses(classes.size());
        scratch.growClasses(classes.size());
        MeterRegistry r = registry;
        if (r != null) perClass(r, classes.size() - 1);
        return classes.size() - 1;
    }

    private double[] reorder(List<String> modelClasses, double[] p) {
        double[] out = new double[classes.size()];
        for (int i = 0; i < p.length; i++) out[classes.indexOf(modelClasses.get(i))] = p[i];
        return out;
    }

    @Override
    public void scratchScored(String label, List<String> modelClasses, double[] scratchP) {
        int truth = indexOf(label);
        for (String c : modelClasses) indexOf(c);
        scratch.record(truth, reorder(modelClasses, scratchP));
    }

    @Override
    public void flushed(Trainer.Flush flush, long version) {
        if (registry == null) return;
        fineTune.record(Duration.ofNanos((long) (flush.outcome().fineTuneSeconds() * 1e9)));
        batches.record(flush.batchEvents());
        if (version >= 0) {
            published.increment();
            lastPublishedSeconds = registry.config().clock().wallTime() / 1000.0;
            if (flush.outcome().origin() == AdaptationStep.Origin.SCRATCH) scratchPublished.increment();
        } else {
            rejectedCounter(flush.outcome().gate().reason()).increment();
        }
    }

    @Override
    public void buffered(int events) {
        buffered.set(events);
    }

    @Override
    public void waiting(long events) {
        waiting.set(events);
    }
}

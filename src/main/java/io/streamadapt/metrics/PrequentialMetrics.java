package io.streamadapt.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.streamadapt.metrics.eval.EvaluationSnapshot;
import io.streamadapt.metrics.eval.PrequentialEvaluator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Gauges over a {@link PrequentialEvaluator}: accuracy with Wilson bounds, macro F1 and AUC and cross-entropy of the
 * adapted, the source and the scratch model, window size, label share and recall per class, and the feature-space
 * statistics. A class first seen while the service runs gets its per-class gauges then.
 */
final class PrequentialMetrics implements MeterBinder {
    private final PrequentialEvaluator evaluator;
    private volatile PrequentialEvaluator.Snapshot frozen;

    PrequentialMetrics(PrequentialEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    /** Takes the snapshot the gauges report until the next call; until the first call they read the live windows. */
    void freeze() {
        frozen = evaluator.snapshot();
    }

    private PrequentialEvaluator.Snapshot view() {
        PrequentialEvaluator.Snapshot f = frozen;
        return f != null ? f : evaluator.snapshot();
    }

    @Override
    public void bindTo(MeterRegistry r) {
        model(r, "streamadapt.prequential", "adapted (serving) model", PrequentialEvaluator.Snapshot::adapted);
        model(r, "streamadapt.source.model", "frozen source model", PrequentialEvaluator.Snapshot::source);
        model(r, "streamadapt.scratch.model", "scratch shadow model (same architecture and events, no transfer)",
                PrequentialEvaluator.Snapshot::scratch);
        gauge(r, "streamadapt.prequential.window.events", "Labelled events in the evaluation window", s -> s.adapted().count());
        gauge(r, "streamadapt.feature.class.mean.distance", "Mean distance between class means in the model's feature space",
                s -> s.features().meanClassMeanDistance());
        gauge(r, "streamadapt.feature.intra.class.variance", "Mean squared distance of an embedding to its class mean",
                s -> s.features().intraClassVariance());
        gauge(r, "streamadapt.feature.inter.class.distance", "Mean distance of an embedding to the nearest other class mean",
                s -> s.features().interClassDistance());
        evaluator.onNewClass(index -> perClass(r, evaluator.classes().get(index), index));
        List<String> classes = evaluator.classes();
        for (int i = 0; i < classes.size(); i++) {
            perClass(r, classes.get(i), i);
        }
    }

    private void model(MeterRegistry r, String prefix, String what, Function<PrequentialEvaluator.Snapshot, EvaluationSnapshot> model) {
        modelGauge(r, prefix + ".accuracy", "Accuracy of the " + what + " over the evaluation window", model, EvaluationSnapshot::accuracy);
        modelGauge(r, prefix + ".accuracy.lower", "Wilson 95% lower bound of the accuracy of the " + what, model, EvaluationSnapshot::wilsonLower);
        modelGauge(r, prefix + ".accuracy.upper", "Wilson 95% upper bound of the accuracy of the " + what, model, EvaluationSnapshot::wilsonUpper);
        modelGauge(r, prefix + ".f1.macro", "Macro F1 of the " + what, model, EvaluationSnapshot::f1Macro);
        modelGauge(r, prefix + ".auc.macro", "Macro one-vs-rest AUC of the " + what, model, EvaluationSnapshot::aucMacro);
        modelGauge(r, prefix + ".cross.entropy", "Mean cross-entropy (nats) of the " + what, model, EvaluationSnapshot::crossEntropy);
    }

    private void modelGauge(MeterRegistry r, String name, String description,
                            Function<PrequentialEvaluator.Snapshot, EvaluationSnapshot> model, ToDoubleFunction<EvaluationSnapshot> f) {
        gauge(r, name, description, s -> f.applyAsDouble(model.apply(s)));
    }

    private void gauge(MeterRegistry r, String name, String description, ToDoubleFunction<PrequentialEvaluator.Snapshot> f) {
        Gauge.builder(name, this, m -> f.applyAsDouble(m.view())).description(description).register(r);
    }

    private void perClass(MeterRegistry r, String name, int index) {
        Gauge.builder("streamadapt.label.share", this, m -> at(m.view().adapted().labelShare(), index))
                .description("Share of each class among the labelled events in the window").tag("class", name).register(r);
        Gauge.builder("streamadapt.class.recall", this, m -> at(m.view().adapted().perClassRecall(), index))
                .description("Recall of the adapted model per class over the window").tag("class", name).register(r);
    }

    private static double at(double[] values, int index) {
        return values != null && index < values.length ? values[index] : Double.NaN;
    }
}

package io.streamadapt.prometheus;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamadapt.model.ServedModel;
import io.streamadapt.testing.Flushes;
import io.streamadapt.adapt.GateVerdict;
import io.streamadapt.adapt.Trainer;
import io.streamadapt.contract.RejectReason;
import io.streamadapt.metrics.ConsumerLagMetrics;
import io.streamadapt.labelshift.Correction;
import io.streamadapt.metrics.IngestMetrics;
import io.streamadapt.metrics.LabelShiftMetrics;
import io.streamadapt.metrics.ServingMetrics;
import io.streamadapt.metrics.TrainingMetrics;
import io.streamadapt.serving.ModelHolder;
import io.streamadapt.serving.PriorTracker;
import io.streamadapt.testing.FixedClassifier;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the service's own binders export in Prometheus' text format, after one call of every listener method so that
 * meters created on first use are present too.
 */
final class ExportedMetrics {
    private ExportedMetrics() {
    }

    static String scrape() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        List<String> classes = List.of("0", "1");
        IngestMetrics ingest = new IngestMetrics(List.of("adapt.labeled", "adapt.requests"));
        ModelHolder holder = new ModelHolder(new ServedModel(1, null), false);
        ServingMetrics serving = new ServingMetrics(holder);
        TrainingMetrics training = new TrainingMetrics(10, classes);
        ModelHolder labelled = new ModelHolder(new ServedModel(1, new FixedClassifier(classes, 0, 0.8)), false);
        PriorTracker priors = new PriorTracker(labelled::get, Correction.EM, 10, 1);
        LabelShiftMetrics labelShift = new LabelShiftMetrics(priors, Optional::empty, 10);
        ingest.bindTo(registry);
        serving.bindTo(registry);
        training.bindTo(registry);
        new ConsumerLagMetrics(Map.of("edge", () -> 0, "trainer", () -> 3)).bindTo(registry);
        labelShift.bindTo(registry);

        ingest.accepted("adapt.labeled");
        ingest.rejected("adapt.requests", RejectReason.MALFORMED_JSON);
        serving.predicted(1, 4);
        training.scored("0", classes, new double[]{0.8, 0.2}, classes, new double[]{0.4, 0.6}, new float[]{0, 1});
        training.scored("1", classes, new double[]{0.3, 0.7}, classes, new double[]{0.4, 0.6}, new float[]{1, 0});
        training.buffered(1);
        training.waiting(5);
        training.flushed(Flushes.of(GateVerdict.ACCEPTED, 0.2, 20, 10, 0, 9, 12), 2);
        priors.observe(labelled.get().orElseThrow(), new float[][]{{0, 1}}, new double[][]{{0.8, 0.2}});
        labelShift.scored("0", classes, new double[]{0.8, 0.2}, classes, new double[]{0.4, 0.6}, null);
        labelShift.freezeForScrape();
        return registry.scrape();
    }

    /** Sample names (histogram samples with their {@code _bucket}, {@code _count}, ... suffixes) in a text exposition. */
    static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') end++;
            names.add(line.substring(0, end));
        }
        return names;
    }
}

package io.streamadapt.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamadapt.testing.Flushes;
import io.streamadapt.adapt.GateVerdict;
import io.streamadapt.adapt.Trainer;
import io.streamadapt.metrics.ServingMetrics;
import io.streamadapt.metrics.TrainingMetrics;
import io.streamadapt.serving.ModelHolder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Prometheus names the design requires, as the binders export them. */
class ExpositionTest {
    private static final String SCRAPE = ExportedMetrics.scrape();

    @Test
    void exportsEveryRequiredMetricName() {
        Set<String> names = ExportedMetrics.sampleNames(SCRAPE);

        assertThat(names).contains(
                "streamadapt_prequential_accuracy", "streamadapt_prequential_accuracy_lower", "streamadapt_prequential_accuracy_upper",
                "streamadapt_prequential_f1_macro", "streamadapt_prequential_auc_macro", "streamadapt_prequential_cross_entropy",
                "streamadapt_source_model_accuracy", "streamadapt_source_model_accuracy_lower", "streamadapt_source_model_accuracy_upper",
                "streamadapt_source_model_f1_macro", "streamadapt_source_model_auc_macro", "streamadapt_source_model_cross_entropy",
                "streamadapt_scratch_model_accuracy", "streamadapt_scratch_model_accuracy_lower", "streamadapt_scratch_model_accuracy_upper",
                "streamadapt_model_versions_scratch_total",
                "streamadapt_model_version", "streamadapt_model_versions_published_total", "streamadapt_model_candidates_rejected_total",
                "streamadapt_finetune_seconds_bucket", "streamadapt_finetune_seconds_count", "streamadapt_finetune_seconds_sum",
                "streamadapt_buffer_events", "streamadapt_trainer_lag_events", "streamadapt_trainer_events_per_second",
                "streamadapt_trainer_batch_events_count", "streamadapt_trainer_batch_events_sum",
                "streamadapt_prediction_latency_seconds_bucket", "streamadapt_prediction_latency_seconds_count",
                "streamadapt_events_total", "streamadapt_dead_letters_total",
                "streamadapt_label_share", "streamadapt_class_recall",
                "streamadapt_feature_class_mean_distance", "streamadapt_feature_intra_class_variance",
                "streamadapt_feature_inter_class_distance");
    }

    @Test
    void everyExportedFamilyHasHelpText() {
        for (String line : SCRAPE.split("\n")) {
            if (line.startsWith("# HELP ")) {
                String[] parts = line.split(" ", 4);
                assertThat(parts).as(line).hasSize(4);
                assertThat(parts[3]).as(parts[2]).isNotBlank();
            }
        }
        assertThat(SCRAPE).contains("# HELP streamadapt_prequential_accuracy ", "# HELP streamadapt_dead_letters_total ");
    }

    @Test
    void histogramsAndCountersHaveThePrometheusTypes() {
        assertThat(SCRAPE).contains(
                "# TYPE streamadapt_finetune_seconds histogram",
                "# TYPE streamadapt_prediction_latency_seconds histogram",
                "# TYPE streamadapt_events_total counter",
                "# TYPE streamadapt_dead_letters_total counter",
                "# TYPE streamadapt_model_versions_published_total counter",
                "# TYPE streamadapt_model_candidates_rejected_total counter",
                "# TYPE streamadapt_model_version gauge");
    }

    @Test
    void seriesCarryOnlyBoundedLabels() {
        for (String line : SCRAPE.split("\n")) {
            if (!line.startsWith("streamadapt_") || !line.contains("{")) continue;
            String labels = line.substring(line.indexOf('{') + 1, line.lastIndexOf('}'));
            for (String pair : labels.split(",(?=[a-z_]+=\")")) {
                // client: the two Kafka Streams clients, edge and trainer
                assertThat(pair.substring(0, pair.indexOf('='))).as(line).isIn("topic", "outcome", "reason", "class", "le", "client");
            }
        }
    }

    /** Cumulative bucket counts of a histogram in a scrape, by upper bound in seconds. */
    private static Map<Double, Double> buckets(String scrape, String name) {
        Map<Double, Double> out = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^" + name + "_bucket\\{.*le=\"([^\"]+)\".*} (\\S+)$").matcher(scrape);
        while (m.find()) out.put(m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1)),
                Double.parseDouble(m.group(2)));
        return out;
    }

    @Test
    void predictionLatencyBucketsCountEachPredictionAtItsLatency() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ServingMetrics serving = new ServingMetrics(new ModelHolder(false));
        serving.bindTo(registry);
        serving.predicted(1, 5);
        serving.predicted(1, 15);

        Map<Double, Double> buckets = buckets(registry.scrape(), "streamadapt_prediction_latency_seconds");

        assertThat(buckets).hasSizeGreaterThan(10).containsEntry(Double.POSITIVE_INFINITY, 2.0);
        buckets.forEach((le, count) ->
                assertThat(count).as("le %s", le).isEqualTo(le < 0.005 ? 0.0 : le < 0.015 ? 1.0 : 2.0));
        // the configured range: from 1 ms to 30 s
        assertThat(buckets.keySet()).anyMatch(le -> le <= 0.001).anyMatch(le -> le >= 30 && le < Double.POSITIVE_INFINITY);
    }

    @Test
    void fineTuneBucketsCountEachStepAtItsDuration() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        TrainingMetrics training = new TrainingMetrics(10, List.of("0", "1"));
        training.bindTo(registry);
        for (double seconds : new double[]{0.5, 3.0, 3.0}) {
            training.flushed(Flushes.of(GateVerdict.ACCEPTED, seconds, 20, 10, 0, 9, 12), 1);
        }

        Map<Double, Double> buckets = buckets(registry.scrape(), "streamadapt_finetune_seconds");

        assertThat(buckets).hasSizeGreaterThan(10).containsEntry(Double.POSITIVE_INFINITY, 3.0);
        buckets.forEach((le, count) ->
                assertThat(count).as("le %s", le).isEqualTo(le < 0.5 ? 0.0 : le < 3.0 ? 1.0 : 3.0));
    }
}

package io.streamadapt.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard is well formed and only asks for metrics the service registers. */
class DashboardTest {
    static final String DATASOURCE_VARIABLE = "datasource";
    static final String DATASOURCE_UID = "${datasource}";
    private static final Pattern STREAMADAPT_NAME = Pattern.compile("\\bstreamadapt_[a-zA-Z0-9_]+");
    private static Dashboard dashboard;

    @BeforeAll
    static void load() throws Exception {
        dashboard = Dashboard.load();
    }

    @Test
    void isAGrafanaDashboardWithAStableUid() {
        assertThat(dashboard.root.path("uid").asText()).isEqualTo("streamadapt");
        assertThat(dashboard.root.path("title").asText()).isNotBlank();
        assertThat(dashboard.root.path("schemaVersion").asInt()).isBetween(36, 41);
        assertThat(dashboard.dataPanels()).hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    void thePrometheusDatasourceIsAVariableSoAnyGrafanaCanImportTheDashboard() {
        JsonNode variable = dashboard.variable(DATASOURCE_VARIABLE);
        assertThat(variable.path("type").asText()).isEqualTo("datasource");
        assertThat(variable.path("query").asText()).isEqualTo("prometheus");
        assertThat(dashboard.variables()).as("declared before the variables whose queries use it").startsWith(DATASOURCE_VARIABLE);
        assertThat(dashboard.variable("application").path("datasource").path("uid").asText()).isEqualTo(DATASOURCE_UID);
        assertThat(dashboard.root.toString()).as("no fixed datasource uid").doesNotContain("\"uid\":\"prometheus\"");
    }

    @Test
    void everyDataPanelHasATitleThePrometheusDatasourceAndAQuery() {
        for (JsonNode p : dashboard.dataPanels()) {
            String title = p.path("title").asText();
            assertThat(title).as("panel %s title", p.path("id")).isNotBlank();
            assertThat(p.path("datasource").path("uid").asText()).as("datasource of '%s'", title).isEqualTo(DATASOURCE_UID);
            assertThat(p.path("targets")).as("targets of '%s'", title).isNotEmpty();
            Set<String> refIds = new HashSet<>();
            for (JsonNode t : p.path("targets")) {
                assertThat(t.path("expr").asText()).as("expr in '%s'", title).isNotBlank();
                assertThat(refIds.add(t.path("refId").asText())).as("unique refId %s in '%s'", t.path("refId"), title).isTrue();
                if (t.has("datasource")) {
                    assertThat(t.path("datasource").path("uid").asText()).as("target datasource in '%s'", title).isEqualTo(DATASOURCE_UID);
                }
            }
        }
    }

    @Test
    void rowsAreTitledAndCarryNoQueries() {
        for (JsonNode p : dashboard.panels()) {
            if (!p.path("type").asText().equals("row")) continue;
            assertThat(p.path("title").asText()).isNotBlank();
            assertThat(p.path("targets")).as("targets of row '%s'", p.path("title").asText()).isEmpty();
        }
    }

    @Test
    void panelIdsAreUniqueAndPanelsDoNotOverlap() {
        Set<Integer> ids = new HashSet<>();
        List<int[]> boxes = new ArrayList<>();
        for (JsonNode p : dashboard.root.path("panels")) {
            assertThat(ids.add(p.path("id").asInt())).as("unique id %s", p.path("id")).isTrue();
            JsonNode g = p.path("gridPos");
            int[] box = {g.path("x").asInt(), g.path("y").asInt(), g.path("w").asInt(), g.path("h").asInt()};
            assertThat(box[2]).as("width of '%s'", p.path("title").asText()).isPositive();
            assertThat(box[0] + box[2]).as("right edge of '%s'", p.path("title").asText()).isLessThanOrEqualTo(24);
            for (int[] other : boxes) {
                boolean overlap = box[0] < other[0] + other[2] && other[0] < box[0] + box[2]
                        && box[1] < other[1] + other[3] && other[1] < box[1] + box[3];
                assertThat(overlap).as("'%s' overlaps another panel", p.path("title").asText()).isFalse();
            }
            boxes.add(box);
        }
    }

    @Test
    void everyStreamadaptMetricInAQueryIsOneTheServiceRegisters() {
        Set<String> exported = ExportedMetrics.sampleNames(ExportedMetrics.scrape());
        Set<String> used = new TreeSet<>();
        List<String> exprs = new ArrayList<>(dashboard.queries().stream().map(Dashboard.Query::expr).toList());
        exprs.addAll(dashboard.annotationExprs());
        for (String expr : exprs) {
            Matcher m = STREAMADAPT_NAME.matcher(expr);
            while (m.find()) used.add(m.group());
        }

        assertThat(used).hasSizeGreaterThanOrEqualTo(20);
        assertThat(exported).containsAll(used);
    }

    @Test
    void everyVariableInAQueryIsDefinedOrBuiltIn() {
        Set<String> known = new HashSet<>(Dashboard.BUILT_INS.keySet());
        known.addAll(dashboard.variables());
        for (Dashboard.Query q : dashboard.queries()) {
            assertThat(known).as(q.toString()).containsAll(Dashboard.variablesIn(q.expr()));
        }
    }

    @Test
    void everyQueryFiltersByTheApplicationVariable() {
        assertThat(dashboard.variables()).contains("application");
        for (Dashboard.Query q : dashboard.queries()) {
            assertThat(q.expr()).as(q.toString()).contains("application=~\"$application\"");
        }
    }

    @Test
    void substitutionLeavesNoVariableBehind() {
        for (Dashboard.Query q : dashboard.queries()) {
            String expr = Dashboard.substitute(q.expr(), Map.of("application", "prom-it"));
            assertThat(expr).as(q.toString()).doesNotContain("$");
        }
    }

    @Test
    void theDashboardShowsEveryRequiredMetric() {
        String all = String.join("\n", dashboard.queries().stream().map(Dashboard.Query::expr).toList());

        assertThat(all).contains(
                "streamadapt_prequential_accuracy", "streamadapt_prequential_accuracy_lower", "streamadapt_prequential_accuracy_upper",
                "streamadapt_source_model_accuracy", "streamadapt_source_model_accuracy_lower", "streamadapt_source_model_accuracy_upper",
                "streamadapt_prequential_f1_macro", "streamadapt_source_model_f1_macro",
                "streamadapt_prequential_auc_macro", "streamadapt_source_model_auc_macro",
                "streamadapt_prequential_cross_entropy", "streamadapt_source_model_cross_entropy",
                "streamadapt_model_version", "streamadapt_model_versions_published_total", "streamadapt_model_candidates_rejected_total",
                "streamadapt_label_share", "streamadapt_class_recall",
                "streamadapt_feature_class_mean_distance", "streamadapt_feature_intra_class_variance",
                "streamadapt_feature_inter_class_distance",
                "streamadapt_finetune_seconds_bucket", "streamadapt_buffer_events", "streamadapt_events_total",
                "streamadapt_prediction_latency_seconds_bucket", "streamadapt_dead_letters_total",
                "streamadapt_model_last_published_timestamp_seconds", "streamadapt_trainer_events_total",
                "streamadapt_trainer_events_per_second", "streamadapt_trainer_lag_events", "streamadapt_trainer_batch_events_sum",
                "streamadapt_consumer_lag_records",
                "streamadapt_label_prior_estimate", "streamadapt_label_prior_estimate_lower", "streamadapt_label_prior_estimate_upper",
                "streamadapt_label_prior_training", "streamadapt_label_prior_tv_distance", "streamadapt_calibration_error",
                "kafka_stream_", "jvm_memory_used_bytes");
    }

    @Test
    void failedStreamThreadsShowAsAnIncreaseNotAsARawCounter() {
        List<String> failed = dashboard.queries().stream().map(Dashboard.Query::expr)
                .filter(e -> e.contains("kafka_stream_failed_stream_threads_total")).toList();

        assertThat(failed).isNotEmpty().allMatch(e -> e.contains("increase(kafka_stream_failed_stream_threads_total"));
    }
}

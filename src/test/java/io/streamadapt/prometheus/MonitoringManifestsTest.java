package io.streamadapt.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alerting and recording rules pass promtool's checks and unit tests, and the Kubernetes copies of the monitoring
 * files (PrometheusRule, dashboard ConfigMap) say exactly what the compose files say.
 */
class MonitoringManifestsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String promtool(String... args) throws Exception {
        Path promtool = PrometheusServer.onPath("promtool").orElseGet(() -> fail(PrometheusServer.missing("promtool")));
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
        return out;
    }

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        assertThat(promtool("check", "rules", MonitoringManifests.RULES.toString())).contains("SUCCESS");
    }

    @Test
    void everyAlertPassesItsPromtoolUnitTests() throws Exception {
        assertThat(promtool("test", "rules", MonitoringManifests.RULE_TESTS.toString())).contains("SUCCESS");
    }

    @Test
    void everyAlertHasACaseWhereItFiresAndOneWhereItDoesNot() throws Exception {
        JsonNode tests = YAML.readTree(MonitoringManifests.RULE_TESTS.toFile());
        List<String> firing = new ArrayList<>();
        List<String> quiet = new ArrayList<>();
        for (JsonNode t : tests.path("tests")) {
            for (JsonNode a : t.path("alert_rule_test")) {
                (a.path("exp_alerts").isEmpty() ? quiet : firing).add(a.path("alertname").asText());
            }
        }
        List<String> alerts = new ArrayList<>();
        List<String> recorded = new ArrayList<>();
        List<String> recordTested = new ArrayList<>();
        for (JsonNode g : YAML.readTree(MonitoringManifests.RULES.toFile()).path("groups")) {
            for (JsonNode r : g.path("rules")) {
                if (r.has("alert")) {
                    alerts.add(r.path("alert").asText());
                    assertThat(r.path("labels").path("severity").asText()).as("severity of " + r.path("alert")).isIn("warning", "critical");
                    assertThat(r.path("annotations").path("summary").asText()).as("summary of " + r.path("alert")).isNotBlank();
                } else {
                    recorded.add(r.path("record").asText());
                }
            }
        }
        for (JsonNode t : tests.path("tests")) {
            for (JsonNode e : t.path("promql_expr_test")) recordTested.add(e.path("expr").asText().replaceAll("\\{.*", ""));
        }

        assertThat(alerts).containsExactlyInAnyOrder("StreamAdaptWorseThanSourceModel", "StreamAdaptNoNewModelVersion",
                "StreamAdaptDeadLetterShareHigh", "StreamAdaptStreamsClientNotRunning", "StreamAdaptStreamThreadsFailed",
                "StreamAdaptConsumerLagGrowing", "StreamAdaptPredictionLatencyHigh");
        assertThat(firing).containsAll(alerts);
        assertThat(quiet).containsAll(alerts);
        assertThat(recordTested).containsAll(recorded);
    }

    @Test
    void composePrometheusLoadsTheRuleFile() throws Exception {
        JsonNode config = YAML.readTree(Path.of("docker", "prometheus", "prometheus.yml").toFile());
        List<String> ruleFiles = new ArrayList<>();
        config.path("rule_files").forEach(f -> ruleFiles.add(f.asText()));

        assertThat(ruleFiles).containsExactly("rules/streamadapt.rules.yml");
        assertThat(Path.of("docker", "prometheus").resolve(ruleFiles.get(0))).isEqualTo(MonitoringManifests.RULES);
        assertThat(Files.readString(Path.of("docker", "compose.yml"))).contains("./prometheus/rules:/etc/prometheus/rules:ro");
    }

    @Test
    void thePrometheusRuleCarriesTheRuleFilesGroups() throws Exception {
        String rendered = checkGenerated(MonitoringManifests.PROMETHEUS_RULE, MonitoringManifests.prometheusRule());
        JsonNode rule = YAML.readTree(rendered);

        assertThat(rule.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(rule.path("spec").path("groups")).isEqualTo(YAML.readTree(MonitoringManifests.RULES.toFile()).path("groups"));
    }

    @Test
    void theDashboardConfigMapCarriesTheDashboardForGrafanasSidecar() throws Exception {
        String rendered = checkGenerated(MonitoringManifests.DASHBOARD_CONFIG_MAP, MonitoringManifests.dashboardConfigMap());
        JsonNode configMap = YAML.readTree(rendered);

        assertThat(configMap.path("kind").asText()).isEqualTo("ConfigMap");
        assertThat(configMap.path("metadata").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
        String json = configMap.path("data").path("streamadapt.json").asText();
        assertThat(json).isEqualTo(Files.readString(Dashboard.FILE));
        assertThat(JSON.readTree(json).path("uid").asText()).isEqualTo("streamadapt");
    }

    /** The checked-in file, which must equal its rendering; with -Dstreamadapt.regenerate=true it is rewritten first. */
    private static String checkGenerated(Path file, String rendered) throws Exception {
        if (Boolean.getBoolean(MonitoringManifests.REGENERATE)) Files.writeString(file, rendered);
        assertThat(file).exists();
        assertThat(Files.readString(file)).as(file + " is stale: run mvn -B test -Dtest=MonitoringManifestsTest -D"
                + MonitoringManifests.REGENERATE + "=true").isEqualTo(rendered);
        return rendered;
    }
}

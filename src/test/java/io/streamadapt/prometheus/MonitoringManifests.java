package io.streamadapt.prometheus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * The Kubernetes copies of the compose monitoring files: the alerting rules as a Prometheus Operator
 * {@code PrometheusRule} and the Grafana dashboard as a ConfigMap for Grafana's dashboard sidecar. Both are rendered
 * from their source text, so comments and layout carry over, and checked in; {@link MonitoringManifestsTest} keeps them
 * equal and rewrites them when run with {@code -Dstreamadapt.regenerate=true}.
 */
final class MonitoringManifests {
    static final Path RULES = Path.of("docker", "prometheus", "rules", "streamadapt.rules.yml");
    static final Path RULE_TESTS = Path.of("docker", "prometheus", "rules", "streamadapt.rules.test.yml");
    static final Path PROMETHEUS_RULE = Path.of("k8s", "components", "prometheus-operator", "prometheusrule.yaml");
    static final Path DASHBOARD_CONFIG_MAP = Path.of("k8s", "components", "grafana-dashboard", "dashboard-configmap.yaml");
    static final String REGENERATE = "streamadapt.regenerate";

    private MonitoringManifests() {
    }

    /** The PrometheusRule whose spec holds the rule file's groups, text for text. */
    static String prometheusRule() throws IOException {
        String rules = Files.readString(RULES);
        int groups = rules.indexOf("\ngroups:\n");
        if (groups < 0) throw new IllegalStateException(RULES + " has no top-level groups:");
        return """
                ---
                # GENERATED from docker/prometheus/rules/streamadapt.rules.yml: edit that file, then run
                #   mvn -B test -Dtest=MonitoringManifestsTest -Dstreamadapt.regenerate=true
                # The Prometheus Operator loads it when its Prometheus selects this object's labels (kube-prometheus-stack:
                # release=<name>, unless ruleSelectorNilUsesHelmValues=false); add them in your overlay.
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata:
                  name: streamadapt
                  labels:
                    app.kubernetes.io/name: streamadapt
                    app.kubernetes.io/part-of: streamadapt
                spec:
                """ + indent(rules.substring(groups + 1), "  ");
    }

    /** A ConfigMap carrying the dashboard JSON unchanged, labelled for Grafana's sidecar. */
    static String dashboardConfigMap() throws IOException {
        String json = Files.readString(Dashboard.FILE);
        return """
                ---
                # GENERATED from docker/grafana/dashboards/streamadapt.json: edit that file, then run
                #   mvn -B test -Dtest=MonitoringManifestsTest -Dstreamadapt.regenerate=true
                # Grafana's dashboard sidecar (kube-prometheus-stack: grafana.sidecar.dashboards.enabled) loads every
                # ConfigMap labelled grafana_dashboard, by default only in Grafana's own namespace unless searchNamespace
                # is ALL. The dashboard's datasource variable lists the Prometheus datasources Grafana has.
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: streamadapt-dashboard
                  labels:
                    app.kubernetes.io/name: streamadapt
                    app.kubernetes.io/part-of: streamadapt
                    grafana_dashboard: "1"
                data:
                  streamadapt.json: |%s
                """.formatted(json.endsWith("\n") ? "" : "-") + indent(json, "    ");
    }

    private static String indent(String text, String prefix) {
        String body = text.lines().map(l -> l.isEmpty() ? l : prefix + l).collect(Collectors.joining("\n"));
        return body + "\n";
    }
}

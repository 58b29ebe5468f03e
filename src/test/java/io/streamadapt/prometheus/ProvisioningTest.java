package io.streamadapt.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The compose files agree with each other: what Prometheus scrapes, where Grafana finds it, where the dashboard lives. */
class ProvisioningTest {
    private static String read(String path) throws Exception {
        return Files.readString(Path.of(path));
    }

    @Test
    void prometheusScrapesTheServiceMetricsEndpoint() throws Exception {
        String config = read("docker/prometheus/prometheus.yml");

        assertThat(config).contains("metrics_path: /metrics", "\"streamadapt:8080\"");
    }

    @Test
    void grafanaDatasourceHasTheUidTheDashboardUses() throws Exception {
        String datasource = read("docker/grafana/provisioning/datasources/prometheus.yml");

        assertThat(datasource).contains("uid: prometheus", "type: prometheus", "url: http://prometheus:9090");
        Dashboard dashboard = Dashboard.load();
        // the panels name the datasource variable, whose default is the provisioned datasource
        assertThat(dashboard.variable(DashboardTest.DATASOURCE_VARIABLE).path("current").path("value").asText()).isEqualTo("prometheus");
        assertThat(dashboard.dataPanels())
                .allSatisfy(p -> assertThat(p.path("datasource").path("uid").asText()).isEqualTo(DashboardTest.DATASOURCE_UID));
    }

    @Test
    void grafanaScrapeIntervalMatchesPrometheus() throws Exception {
        assertThat(read("docker/prometheus/prometheus.yml")).contains("scrape_interval: 5s");
        assertThat(read("docker/grafana/provisioning/datasources/prometheus.yml")).contains("timeInterval: 5s");
    }

    @Test
    void dashboardProviderLoadsFilesFromTheMountedDirectory() throws Exception {
        String provider = read("docker/grafana/provisioning/dashboards/streamadapt.yml");

        assertThat(provider).contains("type: file", "path: /var/lib/grafana/dashboards");
        assertThat(Dashboard.FILE).isRegularFile();
    }
}

package io.streamadapt.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.config.Config;
import io.streamadapt.http.Backend;
import io.streamadapt.kafka.Topics;
import io.streamadapt.labelshift.Correction;
import io.streamadapt.model.ModelRegistry;
import io.streamadapt.model.ServedModel;
import io.streamadapt.serving.ModelHolder;
import io.streamadapt.serving.PriorTracker;
import io.streamadapt.testing.FixedClassifier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service's meters bound on one Prometheus registry without a broker, and scraped in the format the client asks for. */
class ServiceMetersTest {
    private static ServiceMeters meters() {
        ServedModel source = new ServedModel(0, new FixedClassifier(List.of("a", "b"), 0, 0.9));
        ModelHolder holder = new ModelHolder(source, false);
        ModelBootstrap models = new ModelBootstrap(new ModelRegistry(null), null, holder, source);
        Config config = Config.of(Map.of("application.id", "meters-test"));
        return ServiceMeters.bind(config, Topics.from(config), models, new PriorTracker(holder::get, Correction.OFF, 10, 10));
    }

    @Test
    void everyStageAndTheJvmHaveMetersTaggedWithTheApplication() {
        try (ServiceMeters meters = meters()) {
            assertThat(meters.prometheus().get("streamadapt.model.version").gauge().value()).isZero();
            assertThat(meters.prometheus().get("streamadapt.model.registry.following").gauge().value())
                    .as("nothing feeds this registry").isZero();
            assertThat(meters.prometheus().get("jvm.memory.used").gauges()).isNotEmpty();
            assertThat(meters.prometheus().get("process.uptime").timeGauge().getId().getTag("application")).isEqualTo("meters-test");
        }
    }

    @Test
    void aScrapeIsOpenMetricsWhenTheClientAcceptsItAndPrometheusTextOtherwise() {
        try (ServiceMeters meters = meters()) {
            Backend.Scrape open = meters.scrape("application/openmetrics-text; version=1.0.0,text/plain;q=0.5");
            Backend.Scrape text = meters.scrape(null);

            assertThat(open.contentType()).startsWith("application/openmetrics-text");
            assertThat(open.body()).contains("streamadapt_model_version").endsWith("# EOF\n");
            assertThat(text.contentType()).startsWith("text/plain; version=0.0.4");
            assertThat(text.body()).contains("streamadapt_model_version").doesNotContain("# EOF");
        }
    }
}

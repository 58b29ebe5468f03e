package io.streamadapt.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamadapt.model.ServedModel;
import io.streamadapt.serving.ModelHolder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServingMetricsTest {
    private MockClock clock;
    private SimpleMeterRegistry registry;
    private ModelHolder holder;
    private ServingMetrics metrics;

    @BeforeEach
    void bind() {
        clock = new MockClock();
        registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
        holder = new ModelHolder(false);
        metrics = new ServingMetrics(holder);
        metrics.bindTo(registry);
    }

    private Timer latency() {
        return registry.get("streamadapt.prediction.latency").timer();
    }

    @Test
    void everyMeterHasADescription() {
        assertThat(registry.getMeters()).extracting(m -> m.getId().getName())
                .containsExactlyInAnyOrder("streamadapt.model.version", "streamadapt.prediction.latency");
        assertThat(registry.getMeters()).allSatisfy(m ->
                assertThat(m.getId().getDescription()).as(m.getId().getName()).isNotBlank());
    }

    @Test
    void modelVersionGaugeFollowsTheServedModel() {
        assertThat(registry.get("streamadapt.model.version").gauge().value()).isEqualTo(-1);

        holder.swap(new ServedModel(0, null));
        assertThat(registry.get("streamadapt.model.version").gauge().value()).isZero();

        holder.swap(new ServedModel(7, null));
        assertThat(registry.get("streamadapt.model.version").gauge().value()).isEqualTo(7);
    }

    @Test
    void latencyTimerCountsEveryPredictionWithItsLatency() {
        metrics.predicted(1, 5);
        metrics.predicted(1, 15);
        metrics.predicted(2, 40);

        assertThat(latency().count()).isEqualTo(3);
        assertThat(latency().totalTime(TimeUnit.MILLISECONDS)).isCloseTo(60, within(1e-9));
        assertThat(latency().max(TimeUnit.MILLISECONDS)).isCloseTo(40, within(1e-9));
    }

    @Test
    void latencyIsTheReportedFigureNotTheRegistryClock() {
        metrics.predicted(1, 3);
        clock.add(Duration.ofSeconds(10));
        metrics.predicted(1, 3);

        assertThat(latency().totalTime(TimeUnit.MILLISECONDS)).isCloseTo(6, within(1e-9));
    }

    @Test
    void versionsDoNotBecomeTags() {
        for (long v = 0; v < 20; v++) {
            holder.swap(new ServedModel(v, null));
            metrics.predicted(v, 2);
        }

        assertThat(registry.getMeters()).hasSize(2);
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags()).isEmpty());
        assertThat(latency().count()).isEqualTo(20);
    }

    @Test
    void predictionsBeforeBindingAreIgnoredWithoutFailing() {
        ServingMetrics unbound = new ServingMetrics(holder);

        unbound.predicted(1, 5);
        unbound.bindTo(registry);

        // bound to the same registry: the one latency timer, and the early prediction was not counted
        assertThat(latency().count()).isZero();
    }
}

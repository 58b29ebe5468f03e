package io.streamadapt.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsumerLagMetricsTest {

    @Test
    void reportsEachClientsLagAsItChanges() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicLong edge = new AtomicLong(3);
        new ConsumerLagMetrics(Map.of("edge", edge::get, "trainer", () -> 250)).bindTo(registry);

        assertThat(registry.get("streamadapt.consumer.lag").tag("client", "edge").gauge().value()).isEqualTo(3);
        edge.set(7);
        assertThat(registry.get("streamadapt.consumer.lag").tag("client", "edge").gauge().value()).isEqualTo(7);
        assertThat(registry.get("streamadapt.consumer.lag").tag("client", "trainer").gauge().value()).isEqualTo(250);
    }

    @Test
    void keepsReportingAfterTheBinderItselfIsGarbageCollected() throws InterruptedException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new ConsumerLagMetrics(Map.of("trainer", () -> 42)).bindTo(registry);

        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20);
        }

        assertThat(registry.get("streamadapt.consumer.lag").tag("client", "trainer").gauge().value()).isEqualTo(42);
    }
}

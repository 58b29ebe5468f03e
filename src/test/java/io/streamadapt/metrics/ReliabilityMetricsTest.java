package io.streamadapt.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamadapt.config.Config;
import io.streamadapt.kafka.KafkaProps;
import io.streamadapt.kafka.SkippedRecords;
import io.streamadapt.model.ModelRegistry;
import io.streamadapt.model.ModelsTopicFeed;
import io.streamadapt.testing.TestFixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReliabilityMetricsTest {
    @Test
    void countsSkippedRecordsFromZeroAndReportsARegistryThatIsNotFollowing() {
        Config config = Config.of(Map.of("bootstrap.servers", "127.0.0.1:1"));
        ModelRegistry registry = new ModelRegistry(TestFixtures.CODEC);
        try (ModelsTopicFeed feed = ModelsTopicFeed.of(KafkaProps.follower(config, "test"), "adapt.models", registry)) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            ReliabilityMetrics metrics = new ReliabilityMetrics(registry, List.of("adapt.dlq", "adapt.predictions"));
            metrics.bindTo(meters);

            assertThat(meters.get(ReliabilityMetrics.SKIPPED).tags("topic", "adapt.dlq", "cause", "unproducible").counter().count()).isZero();
            metrics.skipped("adapt.predictions", SkippedRecords.Cause.UNPRODUCIBLE);
            metrics.skipped("adapt.predictions", SkippedRecords.Cause.UNPRODUCIBLE);

            assertThat(meters.get(ReliabilityMetrics.SKIPPED).tags("topic", "adapt.predictions", "cause", "unproducible").counter().count())
                    .isEqualTo(2);
            assertThat(meters.get(ReliabilityMetrics.SKIPPED).counters()).hasSize(6);
            assertThat(meters.get("streamadapt.model.registry.following").gauge().value()).as("never started").isZero();
            assertThat(meters.get("streamadapt.model.records.skipped").functionCounter().count()).isZero();
            assertThat(meters.get(ReliabilityMetrics.SKIPPED).counter().getId().getDescription()).isNotBlank();
        }
    }
}

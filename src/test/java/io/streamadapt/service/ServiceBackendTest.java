package io.streamadapt.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.config.Config;
import io.streamadapt.kafka.KafkaProps;
import io.streamadapt.model.ModelRegistry;
import io.streamadapt.model.ModelsTopicFeed;
import io.streamadapt.model.ServedModel;
import io.streamadapt.serving.ModelHolder;
import io.streamadapt.testing.FixedClassifier;
import io.streamadapt.testing.TestFixtures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;

/** Liveness and readiness over real (not started) Kafka Streams clients and a registry whose thread does not run. */
class ServiceBackendTest {
    private static KafkaStreams client(String id) {
        Topology t = new Topology();
        t.addSource("in", "unused-topic");
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, id);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        p.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/backend-test-" + id);
        return new KafkaStreams(t, p);
    }

    @Test
    void healthFailsForAStoppedClientOrADeadRegistryAndReadinessSaysWhy() {
        Config config = Config.of(Map.of("bootstrap.servers", "127.0.0.1:1"));
        KafkaStreams edge = client("edge-" + System.nanoTime());
        KafkaStreams trainer = client("trainer-" + System.nanoTime());
        ModelHolder holder = new ModelHolder(false);
        ThreadFailures failures = new ThreadFailures();
        ModelRegistry registry = new ModelRegistry(TestFixtures.CODEC);
        try (ModelsTopicFeed feed = ModelsTopicFeed.of(KafkaProps.follower(config, "test"), "adapt.models", registry)) {
            ServiceBackend backend = new ServiceBackend(edge, trainer, registry, holder, null, failures, accept -> null);

            assertThat(backend.livenessProblems()).containsExactly("the model registry stopped following the models topic");
            List<String> readiness = backend.readinessProblems();
            assertThat(readiness).contains("no model is loaded yet");

            trainer.close(Duration.ofSeconds(5));
            assertThat(backend.livenessProblems()).contains("the trainer Kafka Streams client is NOT_RUNNING");

            holder.swap(new ServedModel(3, new FixedClassifier(List.of("a", "b"), 0, 0.9)));
            failures.failed("edge", System.currentTimeMillis());
            assertThat(backend.readinessProblems()).doesNotContain("no model is loaded yet")
                    .anyMatch(p -> p.startsWith("a serving stream thread failed 1 time(s)"));
        } finally {
            edge.close(Duration.ofSeconds(5));
            trainer.close(Duration.ofSeconds(5));
        }
    }
}

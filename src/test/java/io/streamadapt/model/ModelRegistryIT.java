package io.streamadapt.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamadapt.adapt.AdaptationStep;
import io.streamadapt.adapt.Classifier;
import io.streamadapt.config.Config;
import io.streamadapt.contract.Json;
import io.streamadapt.kafka.EmbeddedKafka;
import io.streamadapt.kafka.KafkaProps;
import io.streamadapt.kafka.TopicAdmin;
import io.streamadapt.kafka.Topics;
import io.streamadapt.testing.FixedClassifier;
import io.streamadapt.testing.TestFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The registry keeps every version's lineage but only recent model bytes in memory, and re-reads old ones on demand. */
class ModelRegistryIT {
    private static ModelVersion version(long v, byte[] artifact) {
        Classifier model = new FixedClassifier(List.of("a", "b"), 0, 0.9);
        return v == 0 ? ModelVersion.source(model, artifact, null, 0)
                : ModelVersion.fineTuned(new ModelVersion.Lineage(v, v - 1), AdaptationStep.Origin.FINE_TUNED, model, artifact,
                        new ModelVersion.TrainingRange(v, v, 1), Map.of(), null, 0);
    }

    @Test
    void oldVersionsKeepTheirLineageAndTheirBytesAreReadBackFromTheTopic() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(33_554_432)) {
            Config config = TestFixtures.config(kafka, "registry-it", Map.of());
            Topics topics = Topics.from(config);
            TopicAdmin.ensureTopics(topics, config);
            int count = ModelRegistry.ARTIFACTS_KEPT + 10;
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaProps.stringProducer(config))) {
                for (int v = 0; v < count; v++) ModelOperations.publish(producer, topics.models().name(), version(v, new byte[]{(byte) v, 42}));
            }
            ModelRegistry registry = new ModelRegistry(TestFixtures.CODEC);
            try (ModelsTopicFeed feed = ModelsTopicFeed.of(KafkaProps.follower(config, "test"), topics.models().name(), registry)) {
                feed.start();
                assertThat(feed.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();

                assertThat(registry.versions()).hasSize(count);
                assertThat(registry.version(0).orElseThrow().artifact()).as("version 0 stays loaded").isNotNull();
                assertThat(registry.version(1).orElseThrow().artifact()).as("old bytes dropped from memory").isNull();
                assertThat(registry.version(count - 1).orElseThrow().artifact()).isNotNull();
                assertThat(registry.artifact(1)).containsExactly(1, 42);
                assertThat(registry.summary(1).orElseThrow()).containsEntry("artifactBytes", 2).containsEntry("parent", 0L);
                assertThatThrownBy(() -> registry.artifact(count + 5)).isInstanceOf(NoSuchElementException.class);
            }
        }
    }

    @Test
    void malformedPinVersionAndArtifactRecordsAreSkippedAndTombstonesRemoveVersions() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(33_554_432)) {
            Config config = TestFixtures.config(kafka, "registry-bad-it", Map.of());
            Topics topics = Topics.from(config);
            TopicAdmin.ensureTopics(topics, config);
            String models = topics.models().name();
            byte[] sourceBytes = TestFixtures.CODEC.save(TestFixtures.digitsSource().model());
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaProps.stringProducer(config))) {
                ModelOperations.publish(producer, models, version(0, sourceBytes));
                ModelOperations.publish(producer, models, version(1, sourceBytes));
                producer.send(new ProducerRecord<>(models, ModelRegistry.PIN_KEY, "abc".getBytes(StandardCharsets.UTF_8))).get();
                producer.send(new ProducerRecord<>(models, "2", "{not json".getBytes(StandardCharsets.UTF_8))).get();
                producer.send(new ProducerRecord<>(models, "banana", Json.write(version(3, sourceBytes)))).get();
                producer.send(new ProducerRecord<>(models, "4", Json.write(version(5, sourceBytes)))).get();
                ModelOperations.publish(producer, models, version(6, new byte[]{1, 2, 3})); // bytes that are no model
                ModelOperations.publish(producer, models, version(7, sourceBytes));
                producer.send(new ProducerRecord<>(models, "7", null)).get(); // tombstone
            }
            ModelRegistry registry = new ModelRegistry(TestFixtures.CODEC);
            try (ModelsTopicFeed feed = ModelsTopicFeed.of(KafkaProps.follower(config, "test"), models, registry)) {
                registry.onChange(r -> {
                    throw new IllegalStateException("a listener that fails");
                });
                feed.start();
                assertThat(feed.awaitCaughtUp(Duration.ofSeconds(60))).as("start-up does not depend on valid records").isTrue();

                assertThat(registry.numbers()).containsExactly(0L, 1L, 6L);
                assertThat(registry.pinned()).isEmpty();
                assertThat(registry.skippedRecords()).as("pin abc, version 2, key banana, key 4 with version 5").isEqualTo(4);
                assertThatThrownBy(() -> registry.load(registry.version(6).orElseThrow())).isInstanceOf(IllegalStateException.class);
                assertThat(registry.serving().orElseThrow().version()).as("an unloadable version is passed over").isEqualTo(1);
                assertThat(registry.skippedRecords()).isEqualTo(5);
                assertThat(registry.following()).as("a failing listener does not stop the registry").isTrue();
            }
        }
    }
}

package io.streamadapt.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.adapt.Progress;
import io.streamadapt.config.Config;
import io.streamadapt.data.Dataset;
import io.streamadapt.data.Scenario;
import io.streamadapt.kafka.EmbeddedKafka;
import io.streamadapt.kafka.KafkaProps;
import io.streamadapt.model.ModelVersion;
import io.streamadapt.model.ServedModel;
import io.streamadapt.replay.Replayer;
import io.streamadapt.testing.TestFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Stops the service mid-stream and starts it again on the same state and topics. */
class RestartIT {
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void broker() {
        kafka = EmbeddedKafka.start(33_554_432);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void aRestartedServiceContinuesTheVersionLineWithoutLearningAnyEventTwiceOrAnsweringAnyRequestTwice() throws Exception {
        // margin 1: every non-diverged candidate is accepted, so the lineage must cover every labelled event
        Config config = TestFixtures.config(kafka, "restart-it", Map.of("batch.size", "30", "gate.margin", "1.0", "finetune.epochs", "2"));
        Scenario scenario = TestFixtures.digitsScenario();
        Dataset first = scenario.target().subset(0, 400);
        Dataset second = scenario.target().subset(400, 700);

        StreamAdaptService service = TestFixtures.startService(config, TestFixtures.digitsSource().model(), scenario);
        service.awaitReady(Duration.ofMinutes(1));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaProps.producer(config))) {
            new Replayer(producer, service.topics()).replay(first, Replayer.Mode.BOTH, 0, 10, "a-", Progress.NONE);
        }
        TestFixtures.waitFor(() -> service.registry().latest().map(ModelVersion::version).orElse(0L) >= 3, Duration.ofSeconds(180), "three versions before the stop");
        assertThat(service.shutdown()).as("closed within shutdown.timeout").isTrue();

        StreamAdaptService restarted = TestFixtures.startService(config, TestFixtures.digitsSource().model(), scenario);
        restarted.awaitReady(Duration.ofMinutes(1));
        long resumedAt = restarted.holder().get().map(ServedModel::version).orElseThrow();
        assertThat(resumedAt).as("serves the latest accepted version, not the source model").isGreaterThanOrEqualTo(3);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaProps.producer(config))) {
            new Replayer(producer, restarted.topics()).replay(second, Replayer.Mode.BOTH, 0, 10, "b-", Progress.NONE);
        }

        List<Long> trainingOffsets = committedOffsets(config, restarted.topics().training().name(), 700);
        long lastOffset = trainingOffsets.get(trainingOffsets.size() - 1);
        TestFixtures.waitFor(() -> restarted.registry().latest().map(ModelVersion::toOffset).orElse(-1L) == lastOffset,
                Duration.ofSeconds(180), "a version whose lineage reaches the last labelled event");
        Map<String, Integer> predictions = predictionCounts(config, restarted.topics().predictions().name(), 700);
        restarted.shutdown();

        List<ModelVersion> versions = new ArrayList<>(restarted.registry().versions());
        versions.sort(Comparator.comparingLong(ModelVersion::version));
        assertThat(versions.get(0).version()).isZero();
        for (int i = 1; i < versions.size(); i++) {
            ModelVersion v = versions.get(i);
            assertThat(v.version()).as("version numbers continue without gaps").isEqualTo(i);
            assertThat(v.parent()).as("each version is fine-tuned from the one before").isEqualTo(i - 1);
            long expectedFrom = i == 1 ? 0 : versions.get(i - 1).toOffset() + 1;
            assertThat(v.fromOffset()).as("lineage of version %d starts where its parent's ended", i).isEqualTo(expectedFrom);
            assertThat(v.toOffset()).isGreaterThanOrEqualTo(v.fromOffset());
        }
        assertThat(versions.stream().anyMatch(v -> v.version() > resumedAt && v.parent() == resumedAt))
                .as("the restarted trainer builds on the version it resumed from").isTrue();
        // every labelled event lies in exactly one version's range
        for (long offset : trainingOffsets) {
            long covering = versions.stream().filter(v -> v.version() > 0 && v.fromOffset() <= offset && offset <= v.toOffset()).count();
            assertThat(covering).as("versions covering training offset %d", offset).isEqualTo(1);
        }
        long learned = versions.stream().filter(v -> v.version() > 0).mapToLong(v -> trainingOffsets.stream()
                .filter(o -> v.fromOffset() <= o && o <= v.toOffset()).count()).sum();
        assertThat(learned).isEqualTo(700);
        assertThat(versions.stream().mapToLong(ModelVersion::events).sum()).as("event counts in the lineage").isEqualTo(700);
        assertThat(predictions).hasSize(700);
        assertThat(predictions.values()).as("exactly one prediction per request").containsOnly(1);
    }

    private static List<Long> committedOffsets(Config config, String topic, int expected) {
        List<Long> offsets = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(KafkaProps.follower(config, "check"))) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.currentTimeMillis() + 120_000;
            while (offsets.size() < expected && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) offsets.add(r.offset());
            }
        }
        assertThat(offsets).as("labelled events on the training topic").hasSize(expected);
        return offsets;
    }

    private static Map<String, Integer> predictionCounts(Config config, String topic, int expected) {
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(KafkaProps.follower(config, "check-predictions"))) {
            c.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 120_000;
            long quietUntil = Long.MAX_VALUE;
            // keep reading a little after reaching the expected count, so duplicates would show
            while (System.currentTimeMillis() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) counts.merge(r.key(), 1, Integer::sum);
                if (counts.size() >= expected && quietUntil == Long.MAX_VALUE) quietUntil = System.currentTimeMillis() + 3000;
            }
        }
        Set<String> ids = new HashSet<>(counts.keySet());
        assertThat(ids).allMatch(id -> id.startsWith("a-r-") || id.startsWith("b-r-"));
        return counts;
    }
}

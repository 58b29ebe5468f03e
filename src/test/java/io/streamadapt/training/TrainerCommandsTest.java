package io.streamadapt.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.adapt.AdaptationStep;
import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.FineTuner;
import io.streamadapt.adapt.Gate;
import io.streamadapt.adapt.HoldoutPolicy;
import io.streamadapt.adapt.ModelCodec;
import io.streamadapt.adapt.Reservoir;
import io.streamadapt.adapt.Search;
import io.streamadapt.adapt.Trainer;
import io.streamadapt.config.Config;
import io.streamadapt.contract.Json;
import io.streamadapt.contract.LabeledEvent;
import io.streamadapt.kafka.Topics;
import io.streamadapt.model.ModelRegistry;
import io.streamadapt.model.ModelVersion;
import io.streamadapt.model.OperatorCommand;
import io.streamadapt.model.ServedModel;
import io.streamadapt.service.ServiceTopology;
import io.streamadapt.testing.ConstantTuner;
import io.streamadapt.testing.FixedClassifier;
import io.streamadapt.testing.Flushes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Operator commands inside the trainer task: it numbers every version, pins, skips what it cannot apply, retires old versions. */
class TrainerCommandsTest {
    private static final List<String> CLASSES = List.of("0", "1");
    private final Topics topics = Topics.from(Config.defaults());
    private final TreeMap<Long, ModelVersion> published = new TreeMap<>();
    private Long pinned;
    private TopologyTestDriver driver;

    @AfterEach
    void close() {
        if (driver != null) driver.close();
    }

    private final VersionCatalog catalog = new VersionCatalog() {
        @Override
        public Optional<ModelVersion> version(long version) {
            return Optional.ofNullable(published.get(version));
        }

        @Override
        public byte[] artifact(long version) {
            return published.get(version).artifact();
        }

        @Override
        public List<Long> numbers() {
            return List.copyOf(published.keySet());
        }

        @Override
        public Optional<Long> pinned() {
            return Optional.ofNullable(pinned);
        }
    };

    private static ModelVersion version(long n, byte[] artifact) {
        Classifier model = new FixedClassifier(CLASSES, 0, 0.9);
        return n == 0 ? ModelVersion.source(model, artifact, null, 0)
                : ModelVersion.fineTuned(new ModelVersion.Lineage(n, n - 1), AdaptationStep.Origin.FINE_TUNED, model, artifact,
                        new ModelVersion.TrainingRange(n, n, 1), Map.of(), null, 0);
    }

    private void start(int versions, int keep) {
        Classifier model = new FixedClassifier(CLASSES, 0, 0.9);
        byte[] bytes = {1, 2, 3};
        for (long v = 0; v < versions; v++) published.put(v, version(v, bytes));
        FineTuner never = new ConstantTuner(model);
        ServedModel newest = new ServedModel(versions - 1, model);
        ServiceTopology.TrainerParts parts = new ServiceTopology.TrainerParts(
                memory -> new Trainer(new AdaptationStep(never, new Gate(0.0, 0.05), new Search(Flushes.PARAMS, 1), 0.2),
                        new Trainer.Settings(1000, 1000, Duration.ofHours(1), new Reservoir(10, 1), 10, HoldoutPolicy.DEFAULT, 20, 1), memory),
                () -> Optional.of(newest), newest, codec(model), TrainingListener.NONE, Duration.ofSeconds(1), catalog, keep);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "commands-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(ServiceTopology.trainer(topics, parts), p, Instant.ofEpochMilli(0));
    }

    /** Every artifact loads as the same fixed model; the bytes are what the test checks. */
    private static ModelCodec codec(Classifier model) {
        return new ModelCodec() {
            @Override
            public byte[] save(Classifier m) {
                return new byte[]{1, 2, 3};
            }

            @Override
            public Classifier load(byte[] bytes) {
                return model;
            }
        };
    }

    private void send(OperatorCommand command) {
        send(command.toHeaders());
    }

    private void send(Headers headers) {
        TestInputTopic<String, LabeledEvent> in = driver.createInputTopic(topics.training().name(),
                topics.training().keySerde().serializer(), topics.training().valueSerde().serializer());
        in.pipeInput(new TestRecord<>(OperatorCommand.KEY, null, headers, 0L));
    }

    private List<KeyValue<String, byte[]>> output() {
        return driver.createOutputTopic(topics.models().name(), topics.models().keySerde().deserializer(),
                topics.models().valueSerde().deserializer()).readKeyValuesToList();
    }

    @Test
    void rollbacksGetConsecutiveNumbersAssignedByTheTrainer() {
        start(4, 100);

        send(new OperatorCommand(OperatorCommand.Kind.ROLLBACK, 1, "c-1"));
        send(new OperatorCommand(OperatorCommand.Kind.ROLLBACK, 0, "c-2"));
        send(new OperatorCommand(OperatorCommand.Kind.ROLLBACK, 1, "c-3"));

        List<ModelVersion> out = output().stream().map(kv -> Json.read(kv.value, ModelVersion.class)).toList();
        assertThat(out).extracting(ModelVersion::version).containsExactly(4L, 5L, 6L);
        assertThat(out).extracting(ModelVersion::parent).containsExactly(1L, 0L, 1L);
        assertThat(out).extracting(ModelVersion::kind).containsOnly("rollback");
        assertThat(out.get(1).gate()).containsEntry("command", "c-2");
        assertThat(out.get(0).fromOffset()).as("a rollback learned nothing").isEqualTo(-1);
        assertThat(out.get(2).artifact()).containsExactly(1, 2, 3);
        assertThat(new StoreTrainerMemory(driver.getKeyValueStore(StoreTrainerMemory.STORE)).currentVersion())
                .as("the store remembers the last number").isEqualTo(6);
    }

    @Test
    void pinAndUnpinBecomeThePinRecordAndBadCommandsAreSkipped() {
        start(3, 100);

        send(new OperatorCommand(OperatorCommand.Kind.PIN, 1, "c-1"));
        send(new OperatorCommand(OperatorCommand.Kind.PIN, 42, "c-2"));
        send(new OperatorCommand(OperatorCommand.Kind.ROLLBACK, 42, "c-3"));
        send(new RecordHeaders().add("streamadapt.command", "EXPLODE".getBytes(StandardCharsets.UTF_8)));
        send(new OperatorCommand(OperatorCommand.Kind.UNPIN, -1, "c-4"));

        List<KeyValue<String, byte[]>> out = output();
        assertThat(out).extracting(kv -> kv.key).containsExactly(ModelRegistry.PIN_KEY, ModelRegistry.PIN_KEY);
        assertThat(new String(out.get(0).value, StandardCharsets.UTF_8)).isEqualTo("1");
        assertThat(out.get(1).value).as("unpin is a tombstone").isNull();
    }

    @Test
    void oldVersionsGetTombstonesExceptVersionZeroAndThePinnedOne() {
        pinned = 2L;
        start(10, 3);

        send(new OperatorCommand(OperatorCommand.Kind.ROLLBACK, 9, "c-1"));

        List<KeyValue<String, byte[]>> out = output();
        assertThat(out.get(0).key).isEqualTo("10");
        List<String> tombstones = new ArrayList<>();
        out.stream().skip(1).forEach(kv -> {
            assertThat(kv.value).isNull();
            tombstones.add(kv.key);
        });
        assertThat(tombstones).as("versions 8, 9, 10 kept").containsExactly("1", "3", "4", "5", "6", "7");
    }
}

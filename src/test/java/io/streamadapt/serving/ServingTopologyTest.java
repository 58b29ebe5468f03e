package io.streamadapt.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.config.Config;
import io.streamadapt.contract.DeadLetters;
import io.streamadapt.contract.Json;
import io.streamadapt.contract.Prediction;
import io.streamadapt.contract.Validator;
import io.streamadapt.ingest.IngestListener;
import io.streamadapt.kafka.Topics;
import io.streamadapt.model.ServedModel;
import io.streamadapt.service.ServiceTopology;
import io.streamadapt.testing.FixedClassifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServingTopologyTest {
    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    private final Topics topics = Topics.from(Config.defaults());
    private final ModelHolder holder = new ModelHolder(new ServedModel(0, new FixedClassifier(DIGITS, 0, 0.9)), false);
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> requests;
    private TestOutputTopic<String, Prediction> predictions;

    @BeforeEach
    void start() {
        start(1);
    }

    private void start(int batchSize) {
        if (driver != null) driver.close();
        Validator validator = new Validator(1 << 16, holder::labelSpace);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "serving-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(ServiceTopology.edge(topics,
                new ServiceTopology.EdgeParts(validator, holder, IngestListener.NONE, ServingListener.NONE, batchSize,
                java.time.Duration.ofMillis(10))), p, Instant.ofEpochMilli(0));
        requests = driver.createInputTopic(topics.requests().name(), topics.requests().keySerde().serializer(),
                topics.requests().valueSerde().serializer());
        predictions = driver.createOutputTopic(topics.predictions().name(), topics.predictions().keySerde().deserializer(),
                topics.predictions().valueSerde().deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private void request(String id) {
        requests.pipeInput(id.getBytes(StandardCharsets.UTF_8), Json.write(Map.of("id", id, "features", new float[64])));
    }

    @Test
    void predictsWithClassProbabilitiesAndTheServingVersion() {
        request("r-1");
        Prediction p = predictions.readValue();
        assertThat(p.id()).isEqualTo("r-1");
        assertThat(p.label()).isEqualTo("0");
        assertThat(p.modelVersion()).isZero();
        assertThat(p.probabilities()).containsOnlyKeys(DIGITS).containsEntry("0", 0.9);
        assertThat(p.probabilities().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void hotSwapTakesEffectFromTheNextRequestOn() {
        request("r-1");
        holder.swap(new ServedModel(7, new FixedClassifier(DIGITS, 7, 0.8)));
        request("r-2");
        List<Prediction> out = predictions.readValuesToList();
        assertThat(out).extracting(Prediction::modelVersion).containsExactly(0L, 7L);
        assertThat(out).extracting(Prediction::label).containsExactly("0", "7");
    }

    @Test
    void everyRequestIsScoredByOneWholeVersionWhileVersionsSwapConcurrently() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        // version v answers class v mod 10: a prediction mixing two versions would show a label that does not match
        Thread swapper = new Thread(() -> {
            long v = 1;
            while (running.get()) {
                holder.swap(new ServedModel(v, new FixedClassifier(DIGITS, (int) (v % 10), 0.9)));
                v++;
            }
        });
        swapper.start();
        for (int i = 0; i < 2000; i++) request("r-" + i);
        running.set(false);
        swapper.join();

        List<TestRecord<String, Prediction>> out = predictions.readRecordsToList();
        assertThat(out).hasSize(2000);
        assertThat(out).allSatisfy(r -> assertThat(r.value().label()).isEqualTo(Long.toString(r.value().modelVersion() % 10)));
        assertThat(out.stream().map(r -> r.value().modelVersion()).distinct().count()).as("versions really changed").isGreaterThan(1);
    }

    @Test
    void requestsWaitForAFullBatchOrTheirMaximumWait() {
        start(4);
        request("r-1");
        request("r-2");
        request("r-3");
        assertThat(predictions.isEmpty()).as("batch not full yet").isTrue();

        driver.advanceWallClockTime(java.time.Duration.ofMillis(10));
        assertThat(predictions.readValuesToList()).extracting(Prediction::id).containsExactly("r-1", "r-2", "r-3");

        for (int i = 4; i <= 7; i++) request("r-" + i);
        assertThat(predictions.readValuesToList()).as("a full batch is scored at once").extracting(Prediction::id)
                .containsExactly("r-4", "r-5", "r-6", "r-7");
        assertThat(driver.getKeyValueStore("request-buffer").approximateNumEntries()).isZero();
    }

    @Test
    void aBatchIsScoredByOneVersionAndKeepsEachRequestsKeyAndTimestamp() {
        start(3);
        requests.pipeInput("k-1".getBytes(StandardCharsets.UTF_8), Json.write(Map.of("features", new float[64])), 1000L);
        request("r-2");
        holder.swap(new ServedModel(5, new FixedClassifier(DIGITS, 5, 0.9)));
        request("r-3");
        List<TestRecord<String, Prediction>> out = predictions.readRecordsToList();
        assertThat(out).extracting(TestRecord::key).containsExactly("k-1", "r-2", "r-3");
        assertThat(out.get(0).value().id()).as("the key stands in for a missing id").isEqualTo("k-1");
        assertThat(out.get(0).timestamp()).isEqualTo(1000L);
        assertThat(out).extracting(r -> r.value().modelVersion()).containsOnly(5L);
    }

    @Test
    void aRequestWithTheWrongFeatureCountGoesToTheDeadLetterTopicAndServingContinues() {
        requests.pipeInput("bad".getBytes(StandardCharsets.UTF_8), Json.write(Map.of("id", "bad", "features", new float[3])));
        request("r-ok");
        var dlq = driver.createOutputTopic(topics.dlq().name(), topics.dlq().keySerde().deserializer(), topics.dlq().valueSerde().deserializer());
        TestRecord<byte[], byte[]> dead = dlq.readRecord();
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.REASON)).isEqualTo("WRONG_FEATURE_COUNT");
        assertThat(predictions.readValue().id()).isEqualTo("r-ok");
    }
}

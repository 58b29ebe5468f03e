package io.streamadapt.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.config.Config;
import io.streamadapt.contract.DeadLetters;
import io.streamadapt.contract.Json;
import io.streamadapt.data.Scenario;
import io.streamadapt.kafka.EmbeddedKafka;
import io.streamadapt.kafka.KafkaProps;
import io.streamadapt.model.ModelRegistry;
import io.streamadapt.testing.TestFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Records built to stop a service: a labelled event and a request each 200 bytes under the broker's limit (their dead
 * letters would be too large with the reason headers added) and a garbage pin record on the models topic. Serving must
 * go on: requests sent after them are all answered, the dead letters are cut to fit with the original size recorded,
 * and the registry skips the garbage and keeps following.
 */
class PoisonPillIT {
    private static final int BROKER_LIMIT = 2 * 1024 * 1024;

    @Test
    void recordsJustUnderTheBrokerLimitAndAGarbagePinDoNotStopServing() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(BROKER_LIMIT)) {
            // record.max.bytes above the broker limit, so the huge request is parsed and rejected for its id
            Config config = TestFixtures.config(kafka, "poison-it", Map.of("model.max.bytes", Integer.toString(BROKER_LIMIT),
                    "record.max.bytes", Integer.toString(4 * 1024 * 1024), "serving.batch.max.wait", "5ms"));
            Scenario scenario = TestFixtures.digitsScenario();
            try (StreamAdaptService service = TestFixtures.startService(config, TestFixtures.digitsSource().model(), scenario)) {
                service.awaitReady(Duration.ofMinutes(1));
                String labeled = service.topics().labeled().name();
                String requests = service.topics().requests().name();
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaProps.producer(config))) {
                    byte[] garbage = new byte[BROKER_LIMIT - 200 - 100];
                    Arrays.fill(garbage, (byte) '{');
                    producer.send(new ProducerRecord<>(labeled, "huge-e".getBytes(StandardCharsets.UTF_8), garbage)).get();
                    String hugeId = "r".repeat(BROKER_LIMIT - 200 - 100 - 400);
                    producer.send(new ProducerRecord<>(requests, null, request(hugeId, scenario, 0))).get();
                    producer.send(new ProducerRecord<>(service.topics().models().name(), ModelRegistry.PIN_KEY.getBytes(StandardCharsets.UTF_8),
                            "abc".getBytes(StandardCharsets.UTF_8))).get();
                    for (int i = 0; i < 50; i++) {
                        producer.send(new ProducerRecord<>(requests, ("ok-" + i).getBytes(StandardCharsets.UTF_8), request("ok-" + i, scenario, i)));
                    }
                    producer.flush();
                }
                Set<String> answered = new HashSet<>();
                try (KafkaConsumer<String, byte[]> consumer = consumer(config)) {
                    consumer.subscribe(List.of(service.topics().predictions().name()));
                    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                    while (answered.size() < 50 && System.nanoTime() < deadline) {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) answered.add(r.key());
                    }
                }
                assertThat(answered).as("good requests answered after the poison pills").hasSize(50);

                List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
                try (KafkaConsumer<String, byte[]> consumer = consumer(config)) {
                    consumer.subscribe(List.of(service.topics().dlq().name()));
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (dead.size() < 2 && System.nanoTime() < deadline) consumer.poll(Duration.ofMillis(500)).forEach(dead::add);
                }
                assertThat(dead).hasSize(2);
                Map<String, String> reasons = new HashMap<>();
                for (ConsumerRecord<String, byte[]> d : dead) {
                    reasons.put(DeadLetters.header(d.headers(), DeadLetters.TOPIC), DeadLetters.header(d.headers(), DeadLetters.REASON));
                    assertThat(Long.parseLong(DeadLetters.header(d.headers(), DeadLetters.ORIGINAL_SIZE))).as("original size")
                            .isGreaterThan(BROKER_LIMIT - 1000L);
                    assertThat(d.value().length).as("cut to fit the dead-letter topic").isLessThan(BROKER_LIMIT - 200).isGreaterThan(BROKER_LIMIT / 2);
                }
                assertThat(reasons).containsEntry(labeled, "MALFORMED_JSON").containsEntry(requests, "OVERSIZE");

                TestFixtures.waitFor(() -> service.registry().skippedRecords() >= 1, Duration.ofSeconds(30), "the garbage pin to be skipped");
                assertThat(service.registry().following()).as("the registry still follows the models topic").isTrue();
                assertThat(service.registry().pinned()).isEmpty();
                assertThat(service.meters().scrape()).contains("streamadapt_model_records_skipped_total");
            }
        }
    }

    private static byte[] request(String id, Scenario scenario, int i) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", id);
        m.put("features", scenario.target().features()[i]);
        return Json.write(m);
    }

    private static KafkaConsumer<String, byte[]> consumer(Config config) {
        Map<String, Object> props = new HashMap<>(KafkaProps.follower(config, "poison-test"));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(props);
    }
}

package io.streamadapt.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import io.streamadapt.contract.DeadLetters;
import io.streamadapt.contract.Json;
import io.streamadapt.contract.LabelSpace;
import io.streamadapt.contract.LabeledEvent;
import io.streamadapt.contract.PredictionRequest;
import io.streamadapt.contract.RejectReason;
import io.streamadapt.contract.Validator;
import io.streamadapt.kafka.EmbeddedKafka;
import io.streamadapt.kafka.KafkaProps;
import io.streamadapt.kafka.TopicAdmin;
import io.streamadapt.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest stage against a real broker under exactly-once processing: every valid record reaches its topic exactly
 * once, every bad one reaches the dead-letter topic with its reason and source position.
 */
class IngestIT {
    private static final int VALID = 1_000;
    private static final int FEATURES = 64;
    private static final List<String> CLASSES = IntStream.range(0, 10).mapToObj(Integer::toString).toList();
    private static final Duration READ_DEADLINE = Duration.ofSeconds(45);

    @TempDir
    Path stateDir;

    /** What was sent, where it landed in the source topic, and what the ingest stage should make of it. */
    private record Sent(String key, byte[] value, String topic, int partition, long offset, RejectReason expected) {
    }

    private static String features(Random random, int count) {
        return IntStream.range(0, count).mapToObj(i -> Float.toString(random.nextInt(17) + random.nextFloat()))
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String labeledJson(int i) {
        String id = i % 10 == 9 ? "" : "\"id\":\"e-" + i + "\",";
        return "{" + id + "\"features\":" + features(new Random(i), FEATURES) + ",\"label\":\"" + i % 10
                + "\",\"ts\":" + (1_732_752_000_000L + i) + "}";
    }

    private static String requestJson(int i) {
        String id = i % 10 == 9 ? "" : "\"id\":\"r-" + i + "\",";
        return "{" + id + "\"features\":" + features(new Random(-i - 1), FEATURES) + "}";
    }

    /** One of each kind of bad record, keyed by a name that says what is wrong with it. */
    private static Map<String, byte[]> badLabeled() {
        Random r = new Random(7);
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("malformed-json", utf8("{\"id\":\"b-1\",\"features\":[0.0,1.0"));
        bad.put("missing-label", utf8("{\"id\":\"b-2\",\"features\":" + features(r, FEATURES) + "}"));
        bad.put("features-not-array", utf8("{\"id\":\"b-3\",\"features\":\"0,1,2\",\"label\":\"1\"}"));
        bad.put("wrong-feature-count", utf8("{\"id\":\"b-4\",\"features\":" + features(r, FEATURES - 1) + ",\"label\":\"1\"}"));
        bad.put("nan", utf8("{\"id\":\"b-5\",\"features\":" + features(r, FEATURES).replaceFirst("^\\[[^,]+", "[NaN")
                + ",\"label\":\"1\"}"));
        bad.put("infinite", utf8("{\"id\":\"b-6\",\"features\":" + features(r, FEATURES).replaceFirst("^\\[[^,]+", "[1e999")
                + ",\"label\":\"1\"}"));
        bad.put("unknown-label", utf8("{\"id\":\"b-7\",\"features\":" + features(r, FEATURES) + ",\"label\":\"cat\"}"));
        bad.put("oversize", utf8("{\"id\":\"b-8\",\"features\":" + features(r, FEATURES) + ",\"label\":\"1\",\"pad\":\""
                + "x".repeat(300_000) + "\"}"));
        bad.put("empty-value", null);
        return bad;
    }

    private static final Map<String, RejectReason> REASONS = Map.ofEntries(
            Map.entry("malformed-json", RejectReason.MALFORMED_JSON),
            Map.entry("missing-label", RejectReason.MISSING_FIELD),
            Map.entry("features-not-array", RejectReason.WRONG_TYPE),
            Map.entry("wrong-feature-count", RejectReason.WRONG_FEATURE_COUNT),
            Map.entry("nan", RejectReason.NON_FINITE_VALUE),
            Map.entry("infinite", RejectReason.NON_FINITE_VALUE),
            Map.entry("unknown-label", RejectReason.UNKNOWN_LABEL),
            Map.entry("oversize", RejectReason.OVERSIZE),
            Map.entry("empty-value", RejectReason.EMPTY_RECORD),
            Map.entry("request-malformed-json", RejectReason.MALFORMED_JSON),
            Map.entry("request-wrong-feature-count", RejectReason.WRONG_FEATURE_COUNT),
            Map.entry("request-infinite", RejectReason.NON_FINITE_VALUE),
            Map.entry("request-empty-value", RejectReason.EMPTY_RECORD));

    private static Map<String, byte[]> badRequests() {
        Random r = new Random(11);
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("request-malformed-json", utf8("features=1,2,3"));
        bad.put("request-wrong-feature-count", utf8("{\"id\":\"q-2\",\"features\":" + features(r, 8) + "}"));
        bad.put("request-infinite", utf8("{\"id\":\"q-3\",\"features\":" + features(r, FEATURES).replaceFirst("^\\[[^,]+", "[-Infinity")
                + "}"));
        bad.put("request-empty-value", new byte[0]);
        return bad;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void deliversEveryValidRecordExactlyOnceAndEveryBadRecordToTheDeadLetterTopic() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Config.defaults().get(Settings.MODEL_MAX_BYTES))) {
            Config config = Config.of(Map.of(
                    "bootstrap.servers", kafka.bootstrapServers(),
                    "application.id", "ingest-it",
                    "topics.partitions", "3",
                    "state.dir", stateDir.toString()));
            Topics topics = Topics.from(config);
            String validRequestsTopic = "ingest-it.valid-requests";
            TopicAdmin.ensureTopics(topics, config);
            try (Admin admin = Admin.create(KafkaProps.admin(config))) {
                admin.createTopics(List.of(new NewTopic(validRequestsTopic, 3, (short) 1))).all().get();
            }

            ConcurrentHashMap<String, Integer> rejectedReasons = new ConcurrentHashMap<>();
            IngestListener listener = new IngestListener() {
                @Override
                public void accepted(String topic) {
                }

                @Override
                public void rejected(String topic, RejectReason reason) {
                    rejectedReasons.merge(topic + "/" + reason, 1, Integer::sum);
                }
            };
            Validator validator = new Validator(config.get(Settings.RECORD_MAX_BYTES),
                    () -> new LabelSpace(FEATURES, CLASSES, false));
            AtomicReference<Throwable> streamsFailure = new AtomicReference<>();
            try (KafkaStreams streams = new KafkaStreams(
                    IngestTopology.build(topics, validator, listener, validRequestsTopic), streamsProps(config))) {
                streams.setUncaughtExceptionHandler(e -> {
                    streamsFailure.set(e);
                    return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
                });
                streams.start();

                List<Sent> labeled = new ArrayList<>();
                List<Sent> requests = new ArrayList<>();
                List<Sent> bad = new ArrayList<>();
                produce(config, topics, labeled, requests, bad);

                List<ConsumerRecord<byte[], byte[]>> training =
                        readAll(config, topics.training().name(), VALID, streams, streamsFailure);
                List<ConsumerRecord<byte[], byte[]>> validRequests =
                        readAll(config, validRequestsTopic, VALID, streams, streamsFailure);
                List<ConsumerRecord<byte[], byte[]>> dead =
                        readAll(config, topics.dlq().name(), bad.size(), streams, streamsFailure);

                assertTrainingTopicHoldsEveryValidEventOnce(training, labeled);
                assertValidRequestsTopicHoldsEveryValidRequestOnce(validRequests, requests);
                assertDeadLettersDescribeEveryBadRecord(dead, bad);
                assertThat(rejectedReasons.keySet()).containsExactlyInAnyOrderElementsOf(bad.stream()
                        .map(s -> s.topic() + "/" + s.expected()).collect(Collectors.toSet()));

                streams.close(Duration.ofSeconds(20));
                assertThat(streams.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
            }
        }
    }

    private Properties streamsProps(Config config) {
        Properties p = new Properties();
        p.putAll(config.kafkaClientProperties());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.get(Settings.APPLICATION_ID));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.get(Settings.PROCESSING_GUARANTEE));
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.get(Settings.STATE_DIR));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        return p;
    }

    /** Valid and bad records interleaved, so a bad record in the middle of a partition must not stop the ones after it. */
    private void produce(Config config, Topics topics, List<Sent> labeled, List<Sent> requests, List<Sent> bad)
            throws Exception {
        Map<String, byte[]> badLabeled = badLabeled();
        Map<String, byte[]> badRequests = badRequests();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        Map<ProducerRecord<byte[], byte[]>, RejectReason> expected = new HashMap<>();
        for (int i = 0; i < VALID; i++) {
            records.add(new ProducerRecord<>(topics.labeled().name(), utf8("e-" + i), utf8(labeledJson(i))));
            records.add(new ProducerRecord<>(topics.requests().name(), utf8("r-" + i), utf8(requestJson(i))));
            if (i == VALID / 2) {
                badLabeled.forEach((name, value) -> {
                    ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topics.labeled().name(), utf8(name), value);
                    records.add(r);
                    expected.put(r, REASONS.get(name));
                });
                badRequests.forEach((name, value) -> {
                    ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topics.requests().name(), utf8(name), value);
                    records.add(r);
                    expected.put(r, REASONS.get(name));
                });
            }
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaProps.producer(config))) {
            for (ProducerRecord<byte[], byte[]> r : records) sent.add(producer.send(r));
            producer.flush();
        }
        for (int i = 0; i < records.size(); i++) {
            ProducerRecord<byte[], byte[]> r = records.get(i);
            RecordMetadata m = sent.get(i).get();
            Sent s = new Sent(new String(r.key(), StandardCharsets.UTF_8), r.value(), m.topic(), m.partition(), m.offset(),
                    expected.get(r));
            if (s.expected() != null) bad.add(s);
            else if (m.topic().equals(topics.labeled().name())) labeled.add(s);
            else requests.add(s);
        }
        assertThat(bad).hasSize(13);
        assertThat(bad.stream().map(Sent::expected).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(RejectReason.MALFORMED_JSON, RejectReason.MISSING_FIELD, RejectReason.WRONG_TYPE,
                        RejectReason.WRONG_FEATURE_COUNT, RejectReason.NON_FINITE_VALUE, RejectReason.UNKNOWN_LABEL,
                        RejectReason.OVERSIZE, RejectReason.EMPTY_RECORD);
    }

    /**
     * Reads a topic as a read-committed consumer until it holds at least {@code expected} records and the consumer has
     * reached the last stable offset of every partition, so any duplicate committed by then is seen too.
     */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(Config config, String topic, int expected,
                                                                KafkaStreams streams, AtomicReference<Throwable> failure) {
        Map<String, Object> props = KafkaProps.follower(config, "ingest-it-check");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "ingest-it-check-" + UUID.randomUUID());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        long deadline = System.nanoTime() + READ_DEADLINE.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = null;
            while (true) {
                if (failure.get() != null) fail("Kafka Streams failed", failure.get());
                if (System.nanoTime() > deadline) {
                    fail("Read " + out.size() + " of " + expected + " records from " + topic + " in " + READ_DEADLINE
                            + " (streams state " + streams.state() + ")");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                if (out.size() < expected) continue;
                if (end == null) end = consumer.endOffsets(partitions);
                Map<TopicPartition, Long> stable = end;
                if (partitions.stream().allMatch(tp -> consumer.position(tp) >= stable.get(tp))) return out;
            }
        }
    }

    private static void assertTrainingTopicHoldsEveryValidEventOnce(List<ConsumerRecord<byte[], byte[]>> training,
                                                                    List<Sent> labeled) {
        assertThat(training).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrderElementsOf(labeled.stream().map(Sent::key).toList());
        Map<String, Sent> byKey = labeled.stream().collect(Collectors.toMap(Sent::key, s -> s));
        Map<Integer, List<Long>> offsetsPerSourcePartition = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : training) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            Sent s = byKey.get(key);
            LabeledEvent original = Json.read(s.value(), LabeledEvent.class);
            LabeledEvent written = Json.read(r.value(), LabeledEvent.class);
            assertThat(written.features()).as(key).containsExactly(original.features());
            assertThat(written.label()).as(key).isEqualTo(original.label());
            assertThat(written.ts()).as(key).isEqualTo(original.ts());
            assertThat(written.id()).as(key).isEqualTo(original.id());
            offsetsPerSourcePartition.computeIfAbsent(s.partition(), p -> new ArrayList<>()).add(s.offset());
        }
        assertThat(training.stream().map(r -> Json.read(r.value(), LabeledEvent.class).id()).filter(id -> id == null))
                .as("events without an id, keyed by their record key").hasSize(VALID / 10);
        offsetsPerSourcePartition.forEach((partition, offsets) ->
                assertThat(offsets).as("order of source partition %d on the training topic", partition).isSorted());
        assertThat(training).extracting(ConsumerRecord::partition).containsOnly(0);
    }

    private static void assertValidRequestsTopicHoldsEveryValidRequestOnce(List<ConsumerRecord<byte[], byte[]>> written,
                                                                          List<Sent> requests) {
        assertThat(written).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrderElementsOf(requests.stream().map(Sent::key).toList());
        Map<String, Sent> byKey = requests.stream().collect(Collectors.toMap(Sent::key, s -> s));
        for (ConsumerRecord<byte[], byte[]> r : written) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            PredictionRequest original = Json.read(byKey.get(key).value(), PredictionRequest.class);
            assertThat(Json.read(r.value(), PredictionRequest.class).features()).as(key).containsExactly(original.features());
        }
    }

    private static void assertDeadLettersDescribeEveryBadRecord(List<ConsumerRecord<byte[], byte[]>> dead, List<Sent> bad) {
        assertThat(dead).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrderElementsOf(bad.stream().map(Sent::key).toList());
        Map<String, Sent> byKey = bad.stream().collect(Collectors.toMap(Sent::key, s -> s));
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            Sent s = byKey.get(key);
            assertThat(r.value()).as("value of %s", key).isEqualTo(s.value());
            assertThat(DeadLetters.header(r.headers(), DeadLetters.REASON)).as("reason of %s", key).isEqualTo(s.expected().name());
            assertThat(DeadLetters.header(r.headers(), DeadLetters.DETAIL)).as("detail of %s", key).isNotBlank();
            assertThat(DeadLetters.header(r.headers(), DeadLetters.TOPIC)).as("topic of %s", key).isEqualTo(s.topic());
            assertThat(DeadLetters.header(r.headers(), DeadLetters.PARTITION)).as("partition of %s", key)
                    .isEqualTo(Integer.toString(s.partition()));
            assertThat(DeadLetters.header(r.headers(), DeadLetters.OFFSET)).as("offset of %s", key)
                    .isEqualTo(Long.toString(s.offset()));
        }
    }
}

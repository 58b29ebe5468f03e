package io.streamadapt.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.config.Config;
import io.streamadapt.contract.DeadLetters;
import io.streamadapt.contract.JsonSerde;
import io.streamadapt.contract.LabelSpace;
import io.streamadapt.contract.LabeledEvent;
import io.streamadapt.contract.PredictionRequest;
import io.streamadapt.contract.RejectReason;
import io.streamadapt.contract.Validator;
import io.streamadapt.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IngestTopologyTest {
    private static final String VALID_REQUESTS = "test.valid-requests";
    private static final Instant T0 = Instant.parse("2024-11-28T00:00:00Z");

    private final Topics topics = Topics.from(Config.defaults());
    private final CountingListener listener = new CountingListener();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> labeled;
    private TestInputTopic<byte[], byte[]> requests;
    private TestOutputTopic<String, LabeledEvent> training;
    private TestOutputTopic<String, PredictionRequest> validRequests;
    private TestOutputTopic<byte[], byte[]> dlq;

    @BeforeEach
    void startDriver() {
        Validator validator = new Validator(512, () -> new LabelSpace(4, List.of("cat", "dog"), false));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ingest-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(IngestTopology.build(topics, validator, listener, VALID_REQUESTS), props);
        labeled = driver.createInputTopic(topics.labeled().name(), new ByteArraySerializer(), new ByteArraySerializer());
        requests = driver.createInputTopic(topics.requests().name(), new ByteArraySerializer(), new ByteArraySerializer());
        training = driver.createOutputTopic(topics.training().name(), new StringDeserializer(),
                JsonSerde.of(LabeledEvent.class).deserializer());
        validRequests = driver.createOutputTopic(VALID_REQUESTS, new StringDeserializer(),
                JsonSerde.of(PredictionRequest.class).deserializer());
        dlq = driver.createOutputTopic(topics.dlq().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] json(String singleQuoted) {
        return bytes(singleQuoted.replace('\'', '"'));
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static List<String> keys(TestOutputTopic<String, ?> topic) {
        return topic.readKeyValuesToList().stream().map(kv -> kv.key).toList();
    }

    private static String header(TestRecord<?, ?> record, String name) {
        return DeadLetters.header(record.headers(), name);
    }

    @Test
    void sendsValidLabelledEventsToTheTrainingTopicKeyedByEventId() {
        labeled.pipeInput(bytes("producer-key"), json("{'id':'e-1','features':[1,2,3,4],'label':'cat','ts':7}"), T0);
        labeled.pipeInput(null, json("{'id':'e-2','features':[0.5,0,0,-1],'label':'dog'}"), T0.plusMillis(1));

        List<TestRecord<String, LabeledEvent>> out = training.readRecordsToList();

        assertThat(out).extracting(TestRecord::key).containsExactly("e-1", "e-2");
        LabeledEvent first = out.get(0).value();
        assertThat(first.id()).isEqualTo("e-1");
        assertThat(first.features()).containsExactly(1f, 2f, 3f, 4f);
        assertThat(first.label()).isEqualTo("cat");
        assertThat(first.ts()).isEqualTo(7L);
        assertThat(out.get(1).value().features()).containsExactly(0.5f, 0f, 0f, -1f);
        assertThat(out).extracting(TestRecord::getRecordTime).containsExactly(T0, T0.plusMillis(1));
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(validRequests.isEmpty()).isTrue();
    }

    @Test
    void keysALabelledEventWithoutIdByItsRecordKey() {
        labeled.pipeInput(bytes("k-42"), json("{'features':[1,2,3,4],'label':'dog'}"), T0);

        TestRecord<String, LabeledEvent> out = training.readRecord();

        assertThat(out.key()).isEqualTo("k-42");
        assertThat(out.value().id()).isNull();
    }

    @Test
    void keysALabelledEventWithoutIdOrKeyByItsSourcePosition() {
        labeled.pipeInput(null, json("{'features':[1,2,3,4],'label':'dog'}"), T0);
        labeled.pipeInput(null, json("{'features':[1,2,3,4],'label':'cat'}"), T0);

        assertThat(keys(training)).containsExactly("adapt.labeled-0-0", "adapt.labeled-0-1");
    }

    @Test
    void sendsAnInvalidLabelledEventToTheDeadLetterTopicWithItsOriginalBytesAndWhy() {
        byte[] original = json("{'id':'e-1','features':[1,2,3],'label':'cat'}");
        labeled.pipeInput(bytes("good-0"), json("{'id':'g-0','features':[1,2,3,4],'label':'cat'}"), T0);
        labeled.pipeInput(bytes("bad-1"), original, T0.plusSeconds(1));

        TestRecord<byte[], byte[]> dead = dlq.readRecord();

        assertThat(dead.key()).isEqualTo(bytes("bad-1"));
        assertThat(dead.value()).isEqualTo(original);
        assertThat(dead.getRecordTime()).isEqualTo(T0.plusSeconds(1));
        assertThat(header(dead, DeadLetters.REASON)).isEqualTo("WRONG_FEATURE_COUNT");
        assertThat(header(dead, DeadLetters.DETAIL)).isEqualTo("field 'features' has 3 values, the model expects 4");
        assertThat(header(dead, DeadLetters.TOPIC)).isEqualTo("adapt.labeled");
        assertThat(header(dead, DeadLetters.PARTITION)).isEqualTo("0");
        assertThat(header(dead, DeadLetters.OFFSET)).isEqualTo("1");
        assertThat(keys(training)).containsExactly("g-0");
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void keepsTheProducersHeadersOnADeadLetter() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace-id", bytes("abc"));
        labeled.pipeInput(new TestRecord<>(bytes("k"), bytes("not json"), headers, T0));

        TestRecord<byte[], byte[]> dead = dlq.readRecord();

        assertThat(header(dead, "trace-id")).isEqualTo("abc");
        assertThat(header(dead, DeadLetters.REASON)).isEqualTo("MALFORMED_JSON");
    }

    @Test
    void sendsAnEmptyRecordToTheDeadLetterTopicWithoutAValue() {
        labeled.pipeInput(bytes("tombstone"), null, T0);

        TestRecord<byte[], byte[]> dead = dlq.readRecord();

        assertThat(dead.key()).isEqualTo(bytes("tombstone"));
        assertThat(dead.value()).isNull();
        assertThat(header(dead, DeadLetters.REASON)).isEqualTo("EMPTY_RECORD");
        assertThat(training.isEmpty()).isTrue();
    }

    @Test
    void routesEveryKindOfBadLabelledEventToTheDeadLetterTopicAndKeepsGoing() {
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("MALFORMED_JSON", json("{'features':[1,2,3,4],'label':"));
        bad.put("MISSING_FIELD", json("{'features':[1,2,3,4]}"));
        bad.put("WRONG_TYPE", json("{'features':[1,2,'3',4],'label':'cat'}"));
        bad.put("WRONG_FEATURE_COUNT", json("{'features':[1],'label':'cat'}"));
        bad.put("NON_FINITE_VALUE", json("{'features':[1,NaN,3,4],'label':'cat'}"));
        bad.put("UNKNOWN_LABEL", json("{'features':[1,2,3,4],'label':'cow'}"));
        bad.put("OVERSIZE", json("{'features':[1,2,3,4],'label':'cat','pad':'" + "x".repeat(600) + "'}"));
        bad.put("EMPTY_RECORD", new byte[0]);
        int offset = 0;
        for (Map.Entry<String, byte[]> e : bad.entrySet()) {
            labeled.pipeInput(bytes(e.getKey()), e.getValue(), T0);
            labeled.pipeInput(bytes("after-" + e.getKey()), json("{'id':'ok-" + offset + "','features':[1,2,3,4],'label':'dog'}"), T0);
            offset += 2;
        }

        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();

        assertThat(dead).hasSize(bad.size());
        int expectedOffset = 0;
        for (TestRecord<byte[], byte[]> d : dead) {
            String reason = text(d.key());
            assertThat(header(d, DeadLetters.REASON)).as("reason of %s", reason).isEqualTo(reason);
            assertThat(d.value()).as("value of %s", reason).isEqualTo(bad.get(reason));
            assertThat(header(d, DeadLetters.OFFSET)).as("offset of %s", reason).isEqualTo(Integer.toString(expectedOffset));
            assertThat(header(d, DeadLetters.DETAIL)).as("detail of %s", reason).isNotBlank();
            expectedOffset += 2;
        }
        assertThat(keys(training)).containsExactly("ok-0", "ok-2", "ok-4", "ok-6", "ok-8", "ok-10", "ok-12", "ok-14");
    }

    @Test
    void sendsValidRequestsOnKeyedByRequestId() {
        requests.pipeInput(bytes("r-1"), json("{'id':'r-1','features':[1,2,3,4],'ts':9}"), T0);
        requests.pipeInput(bytes("k-2"), json("{'features':[4,3,2,1]}"), T0);

        List<TestRecord<String, PredictionRequest>> out = validRequests.readRecordsToList();

        assertThat(out).extracting(TestRecord::key).containsExactly("r-1", "k-2");
        assertThat(out.get(0).value().id()).isEqualTo("r-1");
        assertThat(out.get(0).value().ts()).isEqualTo(9L);
        assertThat(out.get(1).value().features()).containsExactly(4f, 3f, 2f, 1f);
        assertThat(training.isEmpty()).isTrue();
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void sendsAnInvalidRequestToTheDeadLetterTopicNamingTheRequestsTopic() {
        requests.pipeInput(bytes("r-0"), json("{'id':'r-0','features':[1,2,3,4]}"), T0);
        requests.pipeInput(bytes("r-1"), json("{'id':'r-1','features':[1,Infinity,3,4]}"), T0);

        TestRecord<byte[], byte[]> dead = dlq.readRecord();

        assertThat(dead.key()).isEqualTo(bytes("r-1"));
        assertThat(dead.value()).isEqualTo(json("{'id':'r-1','features':[1,Infinity,3,4]}"));
        assertThat(header(dead, DeadLetters.REASON)).isEqualTo("NON_FINITE_VALUE");
        assertThat(header(dead, DeadLetters.DETAIL)).isEqualTo("features[1] is Infinity; values must be finite");
        assertThat(header(dead, DeadLetters.TOPIC)).isEqualTo("adapt.requests");
        assertThat(header(dead, DeadLetters.PARTITION)).isEqualTo("0");
        assertThat(header(dead, DeadLetters.OFFSET)).isEqualTo("1");
        assertThat(keys(validRequests)).containsExactly("r-0");
    }

    @Test
    void doesNotApplyTheLabelRulesToRequests() {
        requests.pipeInput(bytes("r-1"), json("{'id':'r-1','features':[1,2,3,4],'label':'cow'}"), T0);

        assertThat(keys(validRequests)).containsExactly("r-1");
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void tellsTheListenerWhatWasAcceptedAndRejectedPerTopicAndReason() {
        labeled.pipeInput(null, json("{'id':'e-1','features':[1,2,3,4],'label':'cat'}"), T0);
        labeled.pipeInput(null, json("{'id':'e-2','features':[1,2,3,4],'label':'dog'}"), T0);
        labeled.pipeInput(null, json("{'id':'e-3','features':[1,2,3,4],'label':'cow'}"), T0);
        labeled.pipeInput(null, json("{'id':'e-4','features':[1,2,3,4],'label':'emu'}"), T0);
        requests.pipeInput(null, json("{'id':'r-1','features':[1,2,3,4]}"), T0);
        requests.pipeInput(null, json("{'id':'r-2','features':[1,2]}"), T0);
        requests.pipeInput(null, null, T0);

        assertThat(listener.accepted).containsExactlyInAnyOrderEntriesOf(Map.of("adapt.labeled", 2, "adapt.requests", 1));
        assertThat(listener.rejected).containsExactlyInAnyOrderEntriesOf(Map.of(
                "adapt.labeled/UNKNOWN_LABEL", 2,
                "adapt.requests/WRONG_FEATURE_COUNT", 1,
                "adapt.requests/EMPTY_RECORD", 1));
    }

    @Test
    void buildsTheNamedValidationNodesOtherStagesAttachTo() {
        String description = IngestTopology.build(topics, new Validator(512, () -> new LabelSpace(4, List.of("a"), false)),
                IngestListener.NONE, VALID_REQUESTS).describe().toString();

        assertThat(description).contains(IngestTopology.LABELED_VALIDATE, IngestTopology.REQUESTS_VALIDATE,
                IngestTopology.TRAINING_SINK, "topic: streamadapt.training", "topic: adapt.dlq", "topic: " + VALID_REQUESTS);
    }

    /** Counts outcomes like the metrics binder does: accepted per topic, rejected per topic and reason. */
    private static final class CountingListener implements IngestListener {
        final Map<String, Integer> accepted = new TreeMap<>();
        final Map<String, Integer> rejected = new TreeMap<>();

        @Override
        public void accepted(String topic) {
            accepted.merge(topic, 1, Integer::sum);
        }

        @Override
        public void rejected(String topic, RejectReason reason) {
            rejected.merge(topic + "/" + reason, 1, Integer::sum);
        }
    }
}

package io.streamadapt.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The embedded single-node KRaft broker: starts, takes StreamAdapt's topics, carries model-sized records, cleans up. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EmbeddedKafkaIT {
    /** Larger than Kafka's 1 MB default, so a passing round trip proves the limit was raised end to end. */
    private static final int MODEL_MAX_BYTES = 2 * 1024 * 1024;

    private static EmbeddedKafka kafka;
    private static Config config;
    private static Topics topics;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(MODEL_MAX_BYTES);
        config = Config.of(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(),
                "application.id", "embedded-it",
                "topics.partitions", "2",
                "model.max.bytes", Integer.toString(MODEL_MAX_BYTES)));
        topics = Topics.from(config);
        TopicAdmin.ensureTopics(topics, config);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) kafka.close();
    }

    /** Retries briefly: a topic just created may not be in the broker's metadata yet. */
    private static Map<String, TopicDescription> describe(Admin admin, List<String> names) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                return admin.describeTopics(names).allTopicNames().get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.currentTimeMillis() > deadline) throw e;
                Thread.sleep(100);
            }
        }
    }

    private static org.apache.kafka.clients.admin.Config topicConfig(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }

    @Test
    void startsABrokerThatAnswersOnItsBootstrapAddress() throws Exception {
        try (Admin admin = Admin.create(KafkaProps.admin(config))) {
            assertThat(kafka.bootstrapServers()).isNotBlank();
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
        }
    }

    @Test
    void createsEveryTopicWithItsPartitionCount() throws Exception {
        try (Admin admin = Admin.create(KafkaProps.admin(config))) {
            Map<String, TopicDescription> d = describe(admin, List.of(topics.labeled().name(), topics.requests().name(),
                    topics.predictions().name(), topics.models().name(), topics.dlq().name(), topics.training().name()));

            assertThat(d.get("adapt.labeled").partitions()).hasSize(2);
            assertThat(d.get("adapt.requests").partitions()).hasSize(2);
            assertThat(d.get("adapt.predictions").partitions()).hasSize(2);
            assertThat(d.get("adapt.models").partitions()).hasSize(1);
            assertThat(d.get("adapt.dlq").partitions()).hasSize(1);
            assertThat(d.get("embedded-it.training").partitions()).hasSize(1);
        }
    }

    @Test
    void createsTheModelsTopicCompactedWithRoomForAModel() throws Exception {
        try (Admin admin = Admin.create(KafkaProps.admin(config))) {
            org.apache.kafka.clients.admin.Config models = topicConfig(admin, topics.models().name());

            assertThat(models.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
            assertThat(models.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value()).isEqualTo(Integer.toString(MODEL_MAX_BYTES));
        }
    }

    @Test
    void keepsTrainingEventsAndDeadLettersForever() throws Exception {
        try (Admin admin = Admin.create(KafkaProps.admin(config))) {
            assertThat(topicConfig(admin, topics.training().name()).get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("-1");
            assertThat(topicConfig(admin, topics.dlq().name()).get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("-1");
            assertThat(topicConfig(admin, topics.labeled().name()).get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                    .isEqualTo(TopicConfig.CLEANUP_POLICY_DELETE);
        }
    }

    @Test
    void leavesTopicsThatAlreadyExistAsTheyAre() throws Exception {
        Config custom = config.with("topic.labeled", "custom.labeled");
        try (Admin admin = Admin.create(KafkaProps.admin(custom))) {
            admin.createTopics(List.of(new NewTopic("custom.labeled", 5, (short) 1))).all().get();

            TopicAdmin.ensureTopics(Topics.from(custom), custom);
            TopicAdmin.ensureTopics(Topics.from(custom), custom);

            assertThat(describe(admin, List.of("custom.labeled")).get("custom.labeled").partitions()).hasSize(5);
        }
    }

    @Test
    void carriesAModelSizedRecordThroughTheModelsTopic() throws Exception {
        byte[] model = new byte[MODEL_MAX_BYTES * 3 / 4];
        new Random(1).nextBytes(model);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaProps.stringProducer(config))) {
            producer.send(new ProducerRecord<>(topics.models().name(), "1", model)).get();
        }

        List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaProps.follower(config, "it"))) {
            TopicPartition tp = new TopicPartition(topics.models().name(), 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }

        assertThat(read).hasSize(1);
        assertThat(read.get(0).key()).isEqualTo("1");
        assertThat(read.get(0).value()).isEqualTo(model);
    }

    @Test
    void removesItsDataDirectoryOnClose() throws Exception {
        EmbeddedKafka own = EmbeddedKafka.start(MODEL_MAX_BYTES);
        Path baseDir;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", own.bootstrapServers()))) {
            Node node = admin.describeCluster().nodes().get().iterator().next();
            String logDir = admin.describeLogDirs(List.of(node.id())).allDescriptions().get().get(node.id())
                    .keySet().iterator().next();
            baseDir = ancestorNamedLikeTheBrokerDirectory(Path.of(logDir));
        }
        assertThat(baseDir).isDirectory();

        own.close();

        assertThat(Files.exists(baseDir)).as("%s exists after close", baseDir).isFalse();
    }

    /** The broker keeps its logs below the temporary directory it created, named {@code streamadapt-kafka-*}. */
    private static Path ancestorNamedLikeTheBrokerDirectory(Path logDir) {
        for (Path p = logDir; p != null; p = p.getParent()) {
            if (p.getFileName() != null && p.getFileName().toString().startsWith("streamadapt-kafka-")) return p;
        }
        throw new AssertionError("log dir " + logDir + " is not inside a streamadapt-kafka-* directory");
    }
}

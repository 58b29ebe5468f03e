package io.streamadapt.kafka;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft broker (combined broker and controller) running in this JVM, on free ports, with its data in
 * a temporary directory that is removed on close. Used by {@code demo} when no cluster is configured and by every
 * broker-backed test.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int ATTEMPTS = 3;

    private final KafkaClusterTestKit cluster;
    private final Path baseDir;

    private EmbeddedKafka(KafkaClusterTestKit cluster, Path baseDir) {
        this.cluster = cluster;
        this.baseDir = baseDir;
    }

    /**
     * Formats storage and starts the broker, retrying when a slow machine lets the quorum time out.
     *
     * @param maxMessageBytes the broker's {@code message.max.bytes}, large enough for a model version
     */
    public static EmbeddedKafka start(int maxMessageBytes) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Path dir = null;
            KafkaClusterTestKit cluster = null;
            try {
                dir = Files.createTempDirectory("streamadapt-kafka-");
                cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBaseDirectory(dir)
                        .build())
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("message.max.bytes", Integer.toString(maxMessageBytes))
                        .setConfigProp("replica.fetch.max.bytes", Integer.toString(maxMessageBytes))
                        .setConfigProp("auto.create.topics.enable", "false")
                        .setConfigProp("log.flush.interval.messages", Long.toString(Long.MAX_VALUE))
                        .setDeleteOnClose(true)
                        .build();
                formatQuietly(cluster);
                cluster.startup();
                cluster.waitForReadyBrokers();
                EmbeddedKafka kafka = new EmbeddedKafka(cluster, dir);
                Runtime.getRuntime().addShutdownHook(new Thread(kafka::closeQuietly, "embedded-kafka-shutdown"));
                // the caller prints the address where the user needs it
                LOG.debug("Embedded Kafka broker ready at {}", cluster.bootstrapServers());
                return kafka;
            } catch (Exception e) {
                last = new IllegalStateException("Embedded Kafka did not start (attempt " + attempt + "): " + e.getMessage(), e);
                LOG.warn(last.getMessage());
                closeQuietly(cluster, dir);
            }
        }
        throw last;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private synchronized void closeQuietly() {
        closeQuietly(cluster, baseDir);
    }

    /**
     * Kafka's storage formatter writes its bootstrap records and directories to standard output, which would open the
     * demo's screen with broker internals: they go to the debug log instead. Nothing else prints during the format.
     */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            cluster.format();
        } finally {
            System.setOut(stdout);
            LOG.debug("Kafka storage format: {}", captured.toString(StandardCharsets.UTF_8).strip());
        }
    }

    private static void closeQuietly(KafkaClusterTestKit cluster, Path dir) {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } catch (Exception e) {
            LOG.debug("Closing embedded Kafka: {}", e.toString());
        }
        if (dir != null && Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (Exception e) {
                LOG.debug("Removing {}: {}", dir, e.toString());
            }
        }
    }
}

package io.streamadapt.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft broker (combined broker and controller), the server Kafka itself runs, started in this JVM.
 * Used by {@code demo} when no cluster is configured and by every broker-backed test.
 *
 * <p>{@link #start(int)} takes free ports and a temporary directory removed on close. {@link #main} runs one on fixed
 * ports over a kept directory, so a test can stop the process and start it again as an operator restarts a broker.
 *
 * <p>About 200 lines because a broker needs its settings, formatting, readiness wait and clean-up, and both the
 * in-process and the child-process form share them.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int ATTEMPTS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    private final KafkaRaftServer server;
    private final Path baseDir;
    private final boolean deleteOnClose;
    private final int port;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, Path baseDir, boolean deleteOnClose, int port) {
        this.server = server;
        this.baseDir = baseDir;
        this.deleteOnClose = deleteOnClose;
        this.port = port;
    }

    /**
     * Formats storage in a new temporary directory and starts the broker on free ports, retrying when a slow machine
     * lets the quorum time out or a port is taken between choosing and binding it.
     *
     * @param maxMessageBytes the broker's {@code message.max.bytes}, large enough for a model version
     */
    public static EmbeddedKafka start(int maxMessageBytes) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Path dir = null;
            try {
                dir = Files.createTempDirectory("streamadapt-kafka-");
                return start(dir, freePort(), freePort(), maxMessageBytes, true);
            } catch (Exception e) {
                last = new IllegalStateException("Embedded Kafka did not start (attempt " + attempt + "): " + e.getMessage(), e);
                LOG.warn(last.getMessage());
                TemporaryDirectories.delete(dir);
            }
        }
        throw last;
    }

    /**
     * Starts a broker over {@code dir}, formatting it first when it is new; a directory formatted before keeps its
     * topics, offsets and transactions.
     */
    public static EmbeddedKafka start(Path dir, int port, int controllerPort, int maxMessageBytes, boolean deleteOnClose)
            throws Exception {
        Properties props = nodeProperties(dir.resolve("logs"), port, controllerPort, maxMessageBytes);
        if (!Files.exists(dir.resolve("logs").resolve("meta.properties"))) {
            formatQuietly(dir.resolve("logs"));
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        EmbeddedKafka kafka = new EmbeddedKafka(server, dir, deleteOnClose, port);
        try {
            server.startup();
            kafka.awaitReady();
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "embedded-kafka-shutdown"));
        // the caller prints the address where the user needs it
        LOG.debug("Embedded Kafka broker ready at {}", kafka.bootstrapServers());
        return kafka;
    }

    /** {@code EmbeddedKafka <dir> <port> <controllerPort> <maxMessageBytes>}: a broker in a process of its own. */
    public static void main(String[] args) throws Exception {
        EmbeddedKafka kafka = start(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), false);
        System.out.println("Embedded Kafka broker ready at " + kafka.bootstrapServers());
        kafka.server.awaitShutdown();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (Exception e) {
            LOG.debug("Closing embedded Kafka: {}", e.toString());
        }
        if (deleteOnClose) {
            TemporaryDirectories.delete(baseDir);
        }
    }

    /** Broker and controller in one node, listening on 127.0.0.1 only, sized for one replica of everything. */
    static Properties nodeProperties(Path logs, int port, int controllerPort, int maxMessageBytes) {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", logs.toString()),
                Map.entry("num.partitions", "1"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "3"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "3"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("message.max.bytes", Integer.toString(maxMessageBytes)),
                Map.entry("replica.fetch.max.bytes", Integer.toString(maxMessageBytes)),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("log.flush.interval.messages", Long.toString(Long.MAX_VALUE)),
                // the cleaner of the compacted models topic reserves this much heap up front (128 MiB by default), more
                // than the demo's whole heap; a few versions need little
                Map.entry("log.cleaner.dedupe.buffer.size", Integer.toString(4 << 20)),
                Map.entry("log.cleaner.io.buffer.size", Integer.toString(512 << 10))));
        return p;
    }

    /**
     * Kafka's storage formatter writes its bootstrap records and directories to standard output, which would open the
     * demo's screen with broker internals: they go to the debug log instead.
     */
    private static void formatQuietly(Path logs) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        new Formatter()
                .setPrintStream(new PrintStream(captured, true, StandardCharsets.UTF_8))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logs.toString()))
                .setMetadataLogDirectory(logs.toString())
                .setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.latestProduction())
                .run();
        LOG.debug("Kafka storage format: {}", captured.toString(StandardCharsets.UTF_8).strip());
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("broker at " + bootstrapServers() + " not ready: " + e.getMessage(), e);
                    }
                }
                Thread.sleep(100);
            }
        }
    }

    /** A port free now; the retries of {@link #start(int)} cover the rare case of it being taken before the bind. */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

}

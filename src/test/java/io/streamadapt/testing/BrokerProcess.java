package io.streamadapt.testing;

import io.streamadapt.kafka.EmbeddedKafka;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The embedded broker in a child JVM, on ports and a data directory fixed for its whole life, so it can be stopped and
 * started again the way an operator restarts a broker: same address, same logs, same committed offsets and open
 * transactions.
 */
public final class BrokerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final Path dir;
    private final Path log;
    private final int port;
    private final int controllerPort;
    private final int maxMessageBytes;
    private Process process;

    private BrokerProcess(Path dir, int port, int controllerPort, int maxMessageBytes) {
        this.dir = dir;
        this.log = dir.resolve("broker.log");
        this.port = port;
        this.controllerPort = controllerPort;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Starts the broker over {@code dir} on two free ports, kept for its whole life. */
    public static BrokerProcess start(Path dir, int maxMessageBytes) throws IOException, InterruptedException {
        BrokerProcess broker = new BrokerProcess(dir, ServeProcess.freePort(), ServeProcess.freePort(), maxMessageBytes);
        broker.restart();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Stops the broker with SIGTERM (a controlled shutdown) and waits until it has exited. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Starts the broker on the same ports and data, and waits until it answers a metadata request. */
    public void restart() throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(javaBin, "-Xmx512m", "-cp", System.getProperty("java.class.path"), EmbeddedKafka.class.getName(),
                dir.toString(), Integer.toString(port), Integer.toString(controllerPort), Integer.toString(maxMessageBytes))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("broker did not start\n" + ServeProcess.tail(log));
            }
            Thread.sleep(250);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    public Path log() {
        return log;
    }

    private boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        } catch (IOException e) {
            return false;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000))) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }
}

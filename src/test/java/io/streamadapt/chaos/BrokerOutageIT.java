package io.streamadapt.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.adapt.Progress;
import io.streamadapt.config.Config;
import io.streamadapt.data.Dataset;
import io.streamadapt.kafka.KafkaProps;
import io.streamadapt.kafka.Topics;
import io.streamadapt.replay.Replayer;
import io.streamadapt.testing.BrokerProcess;
import io.streamadapt.testing.ServeProcess;
import io.streamadapt.testing.StreamVerifier;
import io.streamadapt.testing.TestFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker, in its own process, is stopped for 30 seconds in the middle of a replay while {@code serve} keeps running
 * in another. Producers block, the service's clients retry, open transactions outlive their timeout; when the broker
 * is back, the service must carry on by itself (nobody restarts it) and the read-committed verifier must find every
 * request answered once and every labelled event learned once in one unbroken line of versions.
 *
 * <p>{@code -Dchaos.outage-seconds=N} changes the length of the outage.
 */
class BrokerOutageIT {
    private static final int EXAMPLES = 200;
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("chaos.outage-seconds", 30));

    @TempDir
    Path dir;

    @Test
    void aBrokerStoppedForThirtySecondsLosesAndRepeatsNothing() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(Files.createDirectories(dir.resolve("broker")), 33_554_432)) {
            Config client = Config.of(Map.of("bootstrap.servers", broker.bootstrapServers(), "application.id", "outage-it"));
            Topics topics = Topics.from(client);
            Path model = dir.resolve("source.model");
            Files.write(model, TestFixtures.CODEC.save(TestFixtures.digitsSource().model()));
            int port = ServeProcess.freePort();
            Path log = dir.resolve("serve.log");
            Process serve = ServeProcess.start(ServeProcess.command(broker.bootstrapServers(), model, List.of("application.id=outage-it",
                    "http.port=" + port, "http.bind=127.0.0.1", "state.dir=" + Files.createDirectories(dir.resolve("state")),
                    "batch.size=30", "batch.max.wait=2s", "gate.margin=1", "finetune.epochs=1")), log);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaProps.producer(client))) {
                ServeProcess.await(() -> ServeProcess.status(port, "/ready") == 200, Duration.ofMinutes(3), "/ready", serve, log);
                StreamVerifier verifier = new StreamVerifier(client);
                Dataset target = TestFixtures.digitsScenario().target().subset(0, EXAMPLES);
                CompletableFuture<Long> replay = CompletableFuture.supplyAsync(
                        () -> new Replayer(producer, topics).replay(target, Replayer.Mode.BOTH, 4, 10, "o-", Progress.NONE));
                ServeProcess.await(() -> verifier.newestVersion() >= 1, Duration.ofMinutes(3), "a version before the outage", serve, log);
                long before = verifier.newestVersion();

                broker.stop();
                long stoppedAt = System.nanoTime();
                while (System.nanoTime() - stoppedAt < OUTAGE.toNanos()) {
                    assertThat(serve.isAlive()).as("serve outlives the outage\n%s", ServeProcess.tail(log)).isTrue();
                    Thread.sleep(1000);
                }
                broker.restart();
                long backAt = System.nanoTime();
                ServeProcess.await(() -> ServeProcess.status(port, "/ready") == 200, Duration.ofMinutes(3), "/ready after the outage", serve, log);
                double ready = (System.nanoTime() - backAt) / 1e9;
                ServeProcess.await(() -> verifier.newestVersion() > before || replay.isDone(), Duration.ofMinutes(3),
                        "training to resume after the outage", serve, log);
                double training = (System.nanoTime() - backAt) / 1e9;
                assertThat(replay.get(5, TimeUnit.MINUTES)).isEqualTo(2L * EXAMPLES);

                StreamVerifier.Report report = verifier.awaitCompleteRun(StreamVerifier.requestIds("o-", EXAMPLES), Duration.ofMinutes(4), serve, log);
                System.out.printf("broker outage: stopped %d s, ready %.1f s and training %.1f s after it returned; %s%n",
                        OUTAGE.toSeconds(), ready, training, report);
                assertThat(report.problems()).as(report.toString()).isEmpty();
                assertThat(report.missing()).isZero();
                assertThat(report.duplicated()).isZero();
                assertThat(report.versions()).as("versions published across the outage").isGreaterThan((int) before + 1);
            } finally {
                if (serve.isAlive()) {
                    serve.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
    }
}

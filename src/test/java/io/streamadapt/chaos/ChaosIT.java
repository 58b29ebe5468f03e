package io.streamadapt.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.adapt.Progress;
import io.streamadapt.config.Config;
import io.streamadapt.contract.Json;
import io.streamadapt.data.Dataset;
import io.streamadapt.kafka.EmbeddedKafka;
import io.streamadapt.kafka.KafkaProps;
import io.streamadapt.kafka.Topics;
import io.streamadapt.model.ModelRegistry;
import io.streamadapt.replay.Replayer;
import io.streamadapt.testing.ServeProcess;
import io.streamadapt.testing.StreamVerifier;
import io.streamadapt.testing.TestFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos against real processes: {@code serve} runs in a child JVM and is killed with SIGKILL in the middle of a replay,
 * half of the times with its state directory wiped, while operators fire concurrent rollbacks, a garbage record lands
 * on the models topic and fuzzed bad records (one just under the broker's size limit) arrive on both input topics. At
 * the end a read-committed verifier checks every promise: one prediction per request, versions in one unbroken line,
 * contiguous training offsets, every labelled event learned once.
 *
 * <p>The CI run is short (2 cycles). The full run is the same test with more of everything, for example
 * {@code mvn verify -Dit.test=ChaosIT -Dchaos.cycles=10 -Dchaos.examples=1000 -Dchaos.fuzz=10000}; with
 * {@code -Dchaos.bootstrap-servers=host:port} it runs against an existing (staging) cluster instead of the embedded
 * broker, under a fresh application id and topic names.
 */
class ChaosIT {
    private static final int CYCLES = Integer.getInteger("chaos.cycles", 2);
    private static final int EXAMPLES = Integer.getInteger("chaos.examples", 240);
    private static final int FUZZ = Integer.getInteger("chaos.fuzz", 300);
    private static final String BOOTSTRAP = System.getProperty("chaos.bootstrap-servers", "");
    private static final int BROKER_LIMIT = 2 * 1024 * 1024;
    private static final int LABEL_DELAY = 10;
    private static final double RATE = Double.parseDouble(System.getProperty("chaos.rate", "3"));
    private static final String TOKEN = "chaos-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void killsWipedStateGarbageAndConcurrentRollbacksBreakNoPromise() throws Exception {
        EmbeddedKafka kafka = BOOTSTRAP.isBlank() ? EmbeddedKafka.start(BROKER_LIMIT) : null;
        try {
            run(kafka == null ? BOOTSTRAP : kafka.bootstrapServers());
        } finally {
            if (kafka != null) kafka.close();
        }
    }

    private void run(String bootstrap) throws Exception {
        long started = System.nanoTime();
        String run = "chaos-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = new HashMap<>(Map.of("bootstrap.servers", bootstrap, "application.id", run,
                "topic.labeled", run + ".labeled", "topic.requests", run + ".requests", "topic.predictions", run + ".predictions",
                "topic.models", run + ".models", "topic.dlq", run + ".dlq", "model.max.bytes", Integer.toString(BROKER_LIMIT)));
        Config client = Config.of(settings);
        Topics topics = Topics.from(client);
        Path model = dir.resolve("source.model");
        Files.write(model, TestFixtures.CODEC.save(TestFixtures.digitsSource().model()));
        Path state = Files.createDirectories(dir.resolve("state"));
        Path log = dir.resolve("serve.log");
        int port = ServeProcess.freePort();
        List<String> serveSettings = new ArrayList<>();
        settings.forEach((k, v) -> serveSettings.add(k + "=" + v));
        serveSettings.addAll(List.of("http.port=" + port, "http.bind=127.0.0.1", "http.admin-token=" + TOKEN, "state.dir=" + state,
                "batch.size=30", "batch.max.wait=2s", "gate.margin=1", "finetune.epochs=1", "shutdown.timeout=20s"));
        serveSettings.removeIf(s -> s.startsWith("bootstrap.servers="));
        List<String> command = ServeProcess.command(bootstrap, model, serveSettings);

        Dataset target = TestFixtures.digitsScenario().target().subset(0, EXAMPLES);
        List<Double> secondsToReady = new ArrayList<>();
        List<Double> secondsToTraining = new ArrayList<>();
        Process serve = ServeProcess.start(command, log);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaProps.producer(client))) {
            ServeProcess.await(() -> ServeProcess.status(port, "/ready") == 200, Duration.ofMinutes(3), "/ready", serve, log);
            CompletableFuture<Long> replay = CompletableFuture.supplyAsync(
                    () -> new Replayer(producer, topics).replay(target, Replayer.Mode.BOTH, RATE, LABEL_DELAY, "c-", Progress.NONE));
            Random random = new Random(42);
            int fuzzed = 0;
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                long before = ServeProcess.servingVersion(port);
                Process current = serve;
                ServeProcess.await(() -> ServeProcess.servingVersion(port) > before || replay.isDone(), Duration.ofMinutes(2),
                        "a new version before cycle " + cycle, current, log);
                rollbacks(port, 3);
                garbageOnTheModelsTopic(producer, topics, cycle);
                fuzzed += fuzz(producer, topics, random, FUZZ / CYCLES, cycle == 0);

                long last = ServeProcess.servingVersion(port);
                serve.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9
                boolean wipe = cycle % 2 == 1;
                if (wipe) deleteContents(state);
                long restart = System.nanoTime();
                serve = ServeProcess.start(command, log);
                Process restarted = serve;
                ServeProcess.await(() -> ServeProcess.status(port, "/ready") == 200, Duration.ofMinutes(3), "/ready after kill -9", restarted, log);
                secondsToReady.add((System.nanoTime() - restart) / 1e9);
                StreamVerifier verifier = new StreamVerifier(client);
                long newest = verifier.newestVersion();
                if (!replay.isDone()) {
                    ServeProcess.await(() -> verifier.newestVersion() > newest || replay.isDone(), Duration.ofMinutes(3),
                            "training to resume after kill -9", restarted, log);
                    secondsToTraining.add((System.nanoTime() - restart) / 1e9);
                }
                System.out.printf("chaos cycle %d: killed (state %s), ready after %.1f s (last served version %d)%n", cycle,
                        wipe ? "wiped" : "kept", secondsToReady.get(cycle), last);
            }
            assertThat(replay.get(10, TimeUnit.MINUTES)).isEqualTo(2L * EXAMPLES);

            StreamVerifier verifier = new StreamVerifier(client);
            StreamVerifier.Report report = verifier.awaitCompleteRun(StreamVerifier.requestIds("c-", EXAMPLES), Duration.ofMinutes(4), serve, log);
            serve.destroy();
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("exit after SIGTERM").isTrue();

            long deadLetters = verifier.read(topics.dlq().name()).size();
            System.out.printf("chaos: %d cycles, %s, fuzzed %d, dead letters %d, seconds to ready %s, seconds to resumed training %s, %.0f s in all%n",
                    CYCLES, report, fuzzed, deadLetters, secondsToReady, secondsToTraining, (System.nanoTime() - started) / 1e9);
            assertThat(report.problems()).as(report.toString()).isEmpty();
            assertThat(report.missing()).isZero();
            assertThat(report.duplicated()).isZero();
            assertThat(report.rollbacks()).as("every rollback command became exactly one version").isEqualTo(3 * CYCLES);
            assertThat(deadLetters).as("every fuzzed record is a dead letter").isGreaterThanOrEqualTo(fuzzed);
        } finally {
            if (serve.isAlive()) serve.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Concurrent rollbacks to version 0 over HTTP, as impatient operators would. */
    private static void rollbacks(int port, int n) {
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, n).mapToObj(i -> HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/models/0/rollback")).header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())).toList();
        calls.forEach(c -> assertThat(c.join().statusCode()).as(c.join().body()).isEqualTo(202));
    }

    private static void garbageOnTheModelsTopic(KafkaProducer<byte[], byte[]> producer, Topics topics, int cycle) throws Exception {
        String models = topics.models().name();
        producer.send(new ProducerRecord<>(models, bytes(ModelRegistry.PIN_KEY), bytes("abc"))).get();
        producer.send(new ProducerRecord<>(models, bytes("9999" + cycle), bytes("{\"version\":\"not a number\""))).get();
        producer.send(new ProducerRecord<>(models, bytes("x" + cycle), bytes("{}"))).get();
    }

    /** Bad records of every kind on both input topics; the first batch also holds one just under the broker's limit. */
    private static int fuzz(KafkaProducer<byte[], byte[]> producer, Topics topics, Random random, int n, boolean withHuge) {
        List<byte[]> bad = new ArrayList<>();
        if (withHuge) {
            byte[] huge = new byte[BROKER_LIMIT - 200 - 100];
            random.nextBytes(huge);
            bad.add(huge);
        }
        String features = Json.writeString(new float[64]);
        for (int i = bad.size(); i < n; i++) {
            bad.add(switch (i % 8) {
                case 0 -> randomBytes(random, 1 + random.nextInt(200));
                case 1 -> bytes("{\"features\":" + features.substring(0, random.nextInt(features.length())));
                case 2 -> bytes("{\"features\":[1,2,3],\"label\":\"1\"}");
                case 3 -> bytes("{\"features\":" + features.replaceFirst("0\\.0", "NaN") + ",\"label\":\"1\"}");
                case 4 -> bytes("{\"features\":" + features + ",\"label\":1}");
                case 5 -> bytes("{\"features\":" + features + ",\"label\":\"1\",\"label\":\"2\"}");
                case 6 -> bytes("{\"features\":" + features + ",\"label\":\"zebra\"}");
                default -> bytes("{\"id\":\"" + "i".repeat(300) + "\",\"features\":" + features + ",\"label\":\"1\"}");
            });
        }
        for (int i = 0; i < bad.size(); i++) {
            // a request has no label: an integer or unknown label (cases 4 and 6) is bad only in a labelled event
            boolean labelledOnly = i % 8 == 4 || i % 8 == 6;
            String topic = labelledOnly || i % 2 == 0 ? topics.labeled().name() : topics.requests().name();
            producer.send(new ProducerRecord<>(topic, bad.get(i)));
        }
        producer.flush();
        return bad.size();
    }


    private static void deleteContents(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(root)).forEach(p -> p.toFile().delete());
        }
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        b[0] = '#'; // never accidentally valid JSON
        return b;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

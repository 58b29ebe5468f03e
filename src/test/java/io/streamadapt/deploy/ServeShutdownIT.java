package io.streamadapt.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamadapt.adapt.HoldoutPolicy;
import io.streamadapt.adapt.Progress;
import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import io.streamadapt.contract.Json;
import io.streamadapt.data.Dataset;
import io.streamadapt.kafka.EmbeddedKafka;
import io.streamadapt.kafka.KafkaProps;
import io.streamadapt.kafka.Topics;
import io.streamadapt.replay.Replayer;
import io.streamadapt.testing.ServeProcess;
import io.streamadapt.testing.TestFixtures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} as the orchestrators run it: a separate JVM, stopped with SIGTERM in the middle of a stream (what
 * {@code docker stop} and the kubelet send), restarted on the same state directory, then fed the rest of the stream.
 * The process must exit 0 within its shutdown budget, and exactly-once must hold across the restart: one prediction
 * per request, every labelled event in exactly one model version's offset range, version numbers continuing where
 * they stopped.
 */
class ServeShutdownIT {
    /**
     * Examples per half. The trainer holds out every fifth labelled event for its gate ({@link HoldoutPolicy#DEFAULT});
     * the stream must not end on such an event, or the last events would wait in the holdout window for a next
     * micro-batch and no version's range would reach them yet.
     */
    private static final int HALF = 249;
    private static final int LABEL_DELAY = 20;
    /** Examples per second of the first half: slow enough that SIGTERM usually lands while it is still being sent. */
    private static final double FIRST_HALF_RATE = 40;
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);
    /** Edge and trainer close one after the other within shutdown.timeout each, then a producer within 5 s. */
    private static final Duration EXIT_BUDGET = SHUTDOWN_TIMEOUT.multipliedBy(2).plusSeconds(5);
    private static final Duration START_BUDGET = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void sigtermMidStreamExitsZeroAndTheRestartedServiceContinuesExactlyOnce() throws Exception {
        assertThat(HoldoutPolicy.DEFAULT.isHoldout(2L * HALF - 1)).as("the last labelled event is a training event").isFalse();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Integer.parseInt(Settings.MODEL_MAX_BYTES.fallback()))) {
            Path model = dir.resolve("digits-source.model");
            Files.write(model, TestFixtures.CODEC.save(TestFixtures.digitsSource().model()));
            String appId = "serve-it-" + UUID.randomUUID().toString().substring(0, 8);
            Path state = Files.createDirectories(dir.resolve("state"));
            int port = ServeProcess.freePort();
            List<String> command = serveCommand(kafka.bootstrapServers(), model, appId, state, port);

            Config client = Config.of(Map.of("bootstrap.servers", kafka.bootstrapServers(), "application.id", appId));
            Topics topics = Topics.from(client);
            Dataset target = TestFixtures.digitsScenario().target();
            Dataset first = target.subset(0, HALF);
            Dataset second = target.subset(HALF, 2 * HALF);

            // first run: the first half arrives while the service learns; SIGTERM once it has published a version
            Process serve = ServeProcess.start(command, dir.resolve("serve-1.log"));
            awaitReady(serve, port, dir.resolve("serve-1.log"));
            CompletableFuture<Long> firstHalf;
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaProps.producer(client))) {
                firstHalf = CompletableFuture.supplyAsync(
                        () -> new Replayer(producer, topics).replay(first, Replayer.Mode.BOTH, FIRST_HALF_RATE, LABEL_DELAY, "a-", Progress.NONE));
                ServeProcess.await(() -> ServeProcess.servingVersion(port) >= 1, Duration.ofSeconds(90), "a first fine-tuned version", serve, dir.resolve("serve-1.log"));
                boolean stillSending = !firstHalf.isDone();
                long stoppedAt = System.nanoTime();
                serve.destroy(); // SIGTERM
                boolean exited = serve.waitFor(EXIT_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
                if (!exited) {
                    serve.destroyForcibly();
                    fail("serve did not exit within " + EXIT_BUDGET + " of SIGTERM\n" + ServeProcess.tail(dir.resolve("serve-1.log")));
                }
                assertThat(serve.exitValue()).as("exit code after SIGTERM\n" + ServeProcess.tail(dir.resolve("serve-1.log"))).isZero();
                System.out.printf("serve stopped %.1f s after SIGTERM (replay still sending: %s)%n",
                        (System.nanoTime() - stoppedAt) / 1e9, stillSending);
                assertThat(firstHalf.get(60, TimeUnit.SECONDS)).isEqualTo(2L * HALF);
            }
            long lastBeforeRestart = versions(kafka, topics).stream().mapToLong(v -> v.path("version").asLong()).max().orElseThrow();
            assertThat(lastBeforeRestart).isGreaterThanOrEqualTo(1);

            // second run on the same state directory: the rest of the first half, then the second half
            serve = ServeProcess.start(command, dir.resolve("serve-2.log"));
            try {
                awaitReady(serve, port, dir.resolve("serve-2.log"));
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaProps.producer(client))) {
                    assertThat(new Replayer(producer, topics).replay(second, Replayer.Mode.BOTH, 0, LABEL_DELAY, "b-", Progress.NONE))
                            .isEqualTo(2L * HALF);
                }
                Process running = serve;
                try {
                    ServeProcess.await(() -> everythingProcessed(kafka, topics), Duration.ofSeconds(120),
                            "a prediction for every request and every labelled event in a published version", running, dir.resolve("serve-2.log"));
                } catch (AssertionError e) {
                    throw new AssertionError(progress + "\n" + metrics(port) + "\n" + e.getMessage(), e);
                }
                serve.destroy();
                assertThat(serve.waitFor(EXIT_BUDGET.toMillis(), TimeUnit.MILLISECONDS)).as("second run exits after SIGTERM").isTrue();
                assertThat(serve.exitValue()).as("second run's exit code\n" + ServeProcess.tail(dir.resolve("serve-2.log"))).isZero();
            } finally {
                if (serve.isAlive()) serve.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }

            Set<String> requestIds = new HashSet<>();
            IntStream.range(0, HALF).forEach(i -> {
                requestIds.add("a-r-" + i);
                requestIds.add("b-r-" + i);
            });
            assertEveryRequestHasExactlyOnePrediction(kafka, topics, requestIds);
            assertEveryLabelledEventIsInExactlyOneVersion(kafka, topics, lastBeforeRestart);
        }
    }

    private static void assertEveryRequestHasExactlyOnePrediction(EmbeddedKafka kafka, Topics topics, Set<String> requestIds) {
        List<ConsumerRecord<String, byte[]>> predictions = readCommitted(kafka, topics.predictions().name());
        Map<String, Long> perId = predictions.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        assertThat(perId.keySet()).as("requests with a prediction").isEqualTo(requestIds);
        assertThat(perId.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
                .as("requests predicted more than once").isEmpty();
        assertThat(predictions).hasSize(requestIds.size());
    }

    private static void assertEveryLabelledEventIsInExactlyOneVersion(EmbeddedKafka kafka, Topics topics, long lastBeforeRestart) {
        List<ConsumerRecord<String, byte[]>> training = readCommitted(kafka, topics.training().name());
        Map<String, Long> perEvent = training.stream()
                .collect(Collectors.groupingBy(r -> Json.read(r.value(), JsonNode.class).path("id").asText(), Collectors.counting()));
        assertThat(perEvent).as("validated labelled events").hasSize(2 * HALF);
        assertThat(perEvent.values()).as("events on the training topic more than once").allMatch(n -> n == 1);

        List<JsonNode> versions = versions(kafka, topics);
        Map<Long, List<JsonNode>> byNumber = versions.stream().collect(Collectors.groupingBy(v -> v.path("version").asLong()));
        assertThat(byNumber.values()).as("each version number published once").allMatch(l -> l.size() == 1);
        long last = byNumber.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(byNumber.keySet()).as("version numbers 0.." + last + " without gaps")
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(0, (int) last).mapToObj(i -> (long) i).toList());
        assertThat(last).as("versions published after the restart").isGreaterThan(lastBeforeRestart);
        JsonNode firstAfterRestart = byNumber.get(lastBeforeRestart + 1).get(0);
        assertThat(firstAfterRestart.path("parent").asLong()).as("the restarted trainer continues from the last version, not from 0")
                .isEqualTo(lastBeforeRestart);

        // offset ranges: contiguous from 0, not overlapping, covering every event on the training topic
        long expectedFrom = 0;
        TreeMap<Long, Long> ranges = new TreeMap<>();
        for (long v = 1; v <= last; v++) {
            JsonNode version = byNumber.get(v).get(0);
            long from = version.path("fromOffset").asLong();
            long to = version.path("toOffset").asLong();
            assertThat(from).as("version " + v + " starts where version " + (v - 1) + " ended").isEqualTo(expectedFrom);
            assertThat(to).as("version " + v + " range").isGreaterThanOrEqualTo(from);
            ranges.put(from, to);
            expectedFrom = to + 1;
        }
        Map<Long, Integer> eventsPerVersionRange = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : training) {
            Map.Entry<Long, Long> range = ranges.floorEntry(r.offset());
            assertThat(range != null && r.offset() <= range.getValue()).as("event at training offset " + r.offset() + " is in a version").isTrue();
            eventsPerVersionRange.merge(range.getKey(), 1, Integer::sum);
        }
        for (long v = 1; v <= last; v++) {
            JsonNode version = byNumber.get(v).get(0);
            int counted = eventsPerVersionRange.getOrDefault(version.path("fromOffset").asLong(), 0);
            if (counted != version.path("events").asLong()) {
                // the range is in offsets, which include the training topic's transaction markers
                System.out.printf("version %d: events %d, labelled events in its offset range %d%n", v, version.path("events").asLong(), counted);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- the child JVM

    private static List<String> serveCommand(String bootstrap, Path model, String appId, Path state, int port) {
        return ServeProcess.command(bootstrap, model, List.of("http.port=" + port, "state.dir=" + state, "shutdown.timeout=" + SHUTDOWN_TIMEOUT.toSeconds() + "s",
                "batch.max.wait=2s", "application.id=" + appId,
                // static membership, as the StatefulSet sets it from the pod name: the restarted process takes over its
                // partitions at once instead of waiting for the stopped member's session to time out
                "kafka.group.instance.id=" + appId + "-0",
                // every candidate passes the gate, so every flushed micro-batch ends in a version and the version
                // ranges must cover every labelled event
                "gate.margin=1"));
    }

    private static void awaitReady(Process serve, int port, Path log) throws Exception {
        ServeProcess.await(() -> ServeProcess.status(port, "/ready") == 200, START_BUDGET, "/ready", serve, log);
    }

    /** What {@link #everythingProcessed} saw last, for the failure message. */
    private static volatile String progress = "";

    private static boolean everythingProcessed(EmbeddedKafka kafka, Topics topics) {
        long predictions = readCommitted(kafka, topics.predictions().name()).stream().map(ConsumerRecord::key).distinct().count();
        List<ConsumerRecord<String, byte[]>> training = readCommitted(kafka, topics.training().name());
        long lastEvent = training.stream().mapToLong(ConsumerRecord::offset).max().orElse(-1);
        long covered = versions(kafka, topics).stream().mapToLong(v -> v.path("toOffset").asLong()).max().orElse(-1);
        progress = String.format("requests with a prediction %d of %d, labelled events on the training topic %d of %d (last offset %d),"
                + " versions cover offsets up to %d", predictions, 2 * HALF, training.size(), 2 * HALF, lastEvent, covered);
        return predictions >= 2L * HALF && training.size() >= 2 * HALF && covered >= lastEvent;
    }

    private static String metrics(int port) {
        try {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return body.lines().filter(l -> l.startsWith("streamadapt_buffer_events") || l.startsWith("streamadapt_events_total")
                    || l.startsWith("streamadapt_model_version") || l.startsWith("kafka_stream_state")
                    || l.contains("assigned_partitions")).collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return "(no metrics: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    // ---------------------------------------------------------------------------------------------- topics

    /** Every version record on the models topic, as JSON without the artifact. */
    private static List<JsonNode> versions(EmbeddedKafka kafka, Topics topics) {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : readCommitted(kafka, topics.models().name())) {
            if (r.value() == null) continue;
            JsonNode v = Json.read(r.value(), JsonNode.class);
            if (v instanceof com.fasterxml.jackson.databind.node.ObjectNode o) o.remove("artifact");
            out.add(v);
        }
        return out;
    }

    /** The committed records of a topic, from the beginning up to its last stable offset. */
    private static List<ConsumerRecord<String, byte[]>> readCommitted(EmbeddedKafka kafka, String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.parseInt(Settings.MODEL_MAX_BYTES.fallback()));
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.parseInt(Settings.MODEL_MAX_BYTES.fallback()));
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!reached(consumer, end, partitions)) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("could not read " + topic + " up to " + end);
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end, Collection<TopicPartition> partitions) {
        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
    }
}

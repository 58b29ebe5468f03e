package io.streamadapt.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamadapt.adapt.Progress;
import io.streamadapt.config.Config;
import io.streamadapt.contract.Json;
import io.streamadapt.data.Scenario;
import io.streamadapt.kafka.EmbeddedKafka;
import io.streamadapt.kafka.KafkaProps;
import io.streamadapt.model.ModelVersion;
import io.streamadapt.replay.Replayer;
import io.streamadapt.testing.StreamVerifier;
import io.streamadapt.testing.TestFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * One writer of versions: rollbacks fired five at a time over HTTP while the trainer fine-tunes. Every rollback gets a
 * version number of its own, no number is used twice or skipped, every parent exists, and the fine-tuned versions'
 * training offsets stay contiguous.
 */
class OneWriterIT {
    private static final String TOKEN = "one-writer-token";
    private static final int EXAMPLES = 400;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void concurrentRollbacksDuringTrainingGetDistinctVersionsInOneUnbrokenLine() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(33_554_432)) {
            Config config = TestFixtures.config(kafka, "one-writer-it", Map.of("batch.size", "30", "gate.margin", "1.0",
                    "finetune.epochs", "1", "http.admin-token", TOKEN));
            Scenario scenario = TestFixtures.digitsScenario();
            try (StreamAdaptService service = TestFixtures.startService(config, TestFixtures.digitsSource().model(), scenario)) {
                service.awaitReady(Duration.ofMinutes(1));
                CompletableFuture<Long> replay = CompletableFuture.supplyAsync(() -> {
                    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaProps.producer(config))) {
                        return new Replayer(producer, service.topics()).replay(scenario.target().subset(0, EXAMPLES), Replayer.Mode.BOTH,
                                40, 5, "w-", Progress.NONE);
                    }
                });
                TestFixtures.waitFor(() -> service.registry().latest().map(ModelVersion::version).orElse(0L) >= 1,
                        Duration.ofSeconds(120), "a first fine-tuned version");

                List<Long> newVersions = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 5)
                            .mapToObj(i -> HTTP.sendAsync(rollback(service, i % 2), HttpResponse.BodyHandlers.ofString())).toList();
                    for (CompletableFuture<HttpResponse<String>> c : calls) {
                        HttpResponse<String> r = c.join();
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                        JsonNode body = Json.MAPPER.readTree(r.body());
                        if (body.path("newVersion").isIntegralNumber()) newVersions.add(body.path("newVersion").asLong());
                    }
                    Thread.sleep(1500);
                }
                assertThat(replay.get()).isEqualTo(2L * EXAMPLES);

                StreamVerifier verifier = new StreamVerifier(config);
                Set<String> requests = new HashSet<>();
                IntStream.range(0, EXAMPLES).forEach(i -> requests.add("w-r-" + i));
                TestFixtures.waitFor(() -> verifier.verify(requests, -1).rollbacks() == 15 && verifier.verify(requests, -1).missing() == 0,
                        Duration.ofSeconds(120), "15 rollback versions and every prediction");
                StreamVerifier.Report report = verifier.verify(requests, verifier.learnedEnd());
                System.out.println("one writer: " + report);
                assertThat(report.problems()).isEmpty();
                assertThat(report.rollbacks()).isEqualTo(15);
                assertThat(new HashSet<>(newVersions)).as("the new versions the API returned are distinct").hasSameSizeAs(newVersions);
                assertThat(report.versions()).isGreaterThan(16);
            }
        }
    }

    private static HttpRequest rollback(StreamAdaptService service, long version) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/models/" + version + "/rollback"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build();
    }
}

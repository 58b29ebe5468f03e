package io.streamadapt.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamadapt.adapt.Progress;
import io.streamadapt.cli.CommandLineAccess;
import io.streamadapt.config.Config;
import io.streamadapt.contract.Json;
import io.streamadapt.data.Scenario;
import io.streamadapt.kafka.EmbeddedKafka;
import io.streamadapt.kafka.KafkaProps;
import io.streamadapt.model.ModelVersion;
import io.streamadapt.model.ServedModel;
import io.streamadapt.replay.Replayer;
import io.streamadapt.testing.TestFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP API of a running service: health, readiness, version listing, pin, unpin and rollback. */
class OperatorActionsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOKEN = "ops-it-token";
    private static EmbeddedKafka kafka;
    private static StreamAdaptService service;
    private static Config config;
    private static Scenario scenario;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(33_554_432);
        config = TestFixtures.config(kafka, "ops-it", Map.of("batch.size", "40", "gate.margin", "1.0", "finetune.epochs", "2",
                "http.admin-token", TOKEN));
        scenario = TestFixtures.digitsScenario();
        service = TestFixtures.startService(config, TestFixtures.digitsSource().model(), scenario);
        service.awaitReady(Duration.ofMinutes(1));
    }

    @AfterAll
    static void stop() {
        if (service != null) service.shutdown();
        if (kafka != null) kafka.close();
    }

    private static HttpResponse<String> call(String method, String path) throws Exception {
        return call(method, path, "Bearer " + TOKEN);
    }

    private static HttpResponse<String> call(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + service.httpPort() + path));
        if (authorization != null) b.header("Authorization", authorization);
        b = method.equals("POST") ? b.POST(HttpRequest.BodyPublishers.noBody()) : b.GET();
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void replay(int from, int to, String prefix) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaProps.producer(config))) {
            new Replayer(producer, service.topics()).replay(scenario.target().subset(from, to), Replayer.Mode.BOTH, 0, 5, prefix, Progress.NONE);
        }
    }

    private static long serving() {
        return service.holder().get().map(ServedModel::version).orElse(-1L);
    }

    @Test
    void operatorsListPinUnpinAndRollBackVersionsOverHttp() throws Exception {
        assertThat(call("GET", "/health").statusCode()).isEqualTo(200);
        assertThat(call("GET", "/ready").statusCode()).isEqualTo(200);
        assertThat(call("GET", "/nope").statusCode()).isEqualTo(404);
        assertThat(call("POST", "/models").statusCode()).isEqualTo(405);
        assertThat(call("POST", "/models/99/pin").statusCode()).as("unknown version").isEqualTo(404);
        assertThat(call("POST", "/models/0/pin", null).statusCode()).as("pin without the token").isEqualTo(401);
        assertThat(call("POST", "/models/0/pin", "Bearer not-" + TOKEN).statusCode()).as("pin with a wrong token").isEqualTo(401);
        assertThat(service.registry().pinned()).isEmpty();

        replay(0, 200, "a-");
        TestFixtures.waitFor(() -> service.registry().latest().map(ModelVersion::version).orElse(0L) >= 3, Duration.ofSeconds(120), "three versions");

        JsonNode models = Json.MAPPER.readTree(call("GET", "/models").body());
        assertThat(models.path("versions").size()).isGreaterThanOrEqualTo(4);
        JsonNode v1 = models.path("versions").get(1);
        assertThat(v1.path("version").asLong()).isEqualTo(1);
        assertThat(v1.path("parent").asLong()).isZero();
        assertThat(v1.path("gate").path("verdict").asText()).isEqualTo("accepted");
        assertThat(v1.has("artifact")).as("listings leave the model bytes out").isFalse();
        assertThat(Json.MAPPER.readTree(call("GET", "/models/1").body()).path("fromOffset").asLong()).isZero();

        assertThat(call("POST", "/models/1/pin").statusCode()).isEqualTo(202);
        TestFixtures.waitFor(() -> serving() == 1, Duration.ofSeconds(120), "serving pinned to version 1");
        replay(200, 300, "b-");
        Thread.sleep(2000);
        assertThat(serving()).as("new versions do not replace a pinned one").isEqualTo(1);

        String url = "http://localhost:" + service.httpPort();
        CommandLineAccess.Result listed = CommandLineAccess.runCapturing("models", "list", "--url", url);
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.output()).contains("serving: 1", "pinned: 1", "finetune", "source");
        assertThat(CommandLineAccess.run("models", "pin", "99", "--url", url, "--token", TOKEN)).as("unknown version").isNotZero();
        assertThat(CommandLineAccess.run("models", "unpin", "--url", url)).as("unpin without the token").isNotZero();

        assertThat(CommandLineAccess.run("models", "unpin", "--url", url, "--token", TOKEN)).isZero();
        TestFixtures.waitFor(() -> serving() == service.registry().latest().orElseThrow().version(), Duration.ofSeconds(120), "serving the newest version again");

        // a step that follows the rollback at once could replace it before serving ever shows it: let the trainer go idle
        TestFixtures.waitFor(() -> service.trainingMetrics().scoredEvents() >= 300 && service.trainingMetrics().bufferedEvents() == 0,
                Duration.ofSeconds(120), "the trainer to learn every labelled event");
        TestFixtures.waitFor(() -> serving() == service.registry().latest().orElseThrow().version(), Duration.ofSeconds(120), "serving the newest version");
        HttpResponse<String> rollback = call("POST", "/models/2/rollback");
        assertThat(rollback.statusCode()).isEqualTo(202);
        JsonNode rolled = Json.MAPPER.readTree(rollback.body());
        assertThat(rolled.path("newVersion").isIntegralNumber()).as("the trainer numbered the rollback: " + rolled).isTrue();
        long rollbackVersion = rolled.path("newVersion").asLong();
        TestFixtures.waitFor(() -> serving() == rollbackVersion, Duration.ofSeconds(120), "serving the rollback version");
        ModelVersion rb = service.registry().version(rollbackVersion).orElseThrow();
        assertThat(rb.kind()).isEqualTo("rollback");
        assertThat(rb.parent()).isEqualTo(2);
        assertThat(service.registry().artifact(rollbackVersion)).isEqualTo(service.registry().artifact(2));

        replay(300, 400, "c-");
        TestFixtures.waitFor(() -> service.registry().versions().stream().anyMatch(v -> v.parent() == rollbackVersion),
                Duration.ofSeconds(120), "a version fine-tuned from the rollback");
    }
}

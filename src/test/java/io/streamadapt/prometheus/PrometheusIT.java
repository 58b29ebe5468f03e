package io.streamadapt.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.streamadapt.adapt.Progress;
import io.streamadapt.config.Config;
import io.streamadapt.data.Dataset;
import io.streamadapt.data.Scenario;
import io.streamadapt.kafka.EmbeddedKafka;
import io.streamadapt.kafka.KafkaProps;
import io.streamadapt.model.ServedModel;
import io.streamadapt.replay.Replayer;
import io.streamadapt.service.StreamAdaptService;
import io.streamadapt.testing.TestFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard against a real Prometheus scraping a running service: after a replayed target stream every panel query
 * returns data, and the figures make sense (adaptation beats the source model, versions were published, every record
 * was counted once).
 */
class PrometheusIT {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String APPLICATION = "prom-it";
    // the source model already reaches about 0.85 on digits: its gain must show on a window wide enough to be significant
    private static final int EXAMPLES = 800;
    private static final int WINDOW = 400;
    private static final int MALFORMED_LABELED = 3;
    private static final int WRONG_COUNT_REQUESTS = 2;
    private static final String APP = "application=\"" + APPLICATION + "\"";

    @TempDir
    Path dir;

    private static Path binary(String name) {
        return PrometheusServer.onPath(name).orElseGet(() -> fail(PrometheusServer.missing(name)));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyDashboardQueryReturnsDataFromARunningService() throws Exception {
        Path prometheus = binary("prometheus");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(33_554_432)) {
            Config config = TestFixtures.config(kafka, APPLICATION, Map.of("metrics.window", Integer.toString(WINDOW), "batch.size", "50"));
            Scenario scenario = TestFixtures.digitsScenario();
            try (StreamAdaptService service = TestFixtures.startService(config, TestFixtures.digitsSource().model(), scenario)) {
                service.awaitReady(Duration.ofMinutes(1));
                try (PrometheusServer server = PrometheusServer.start(prometheus, "127.0.0.1:" + service.httpPort(), dir)) {
                    awaitValue(server, "max(up{job=\"streamadapt\"})", 1, Duration.ofSeconds(20));

                    replay(config, service, scenario.target().subset(0, EXAMPLES));
                    awaitCondition(() -> service.trainingMetrics().scoredEvents() >= EXAMPLES
                                    && service.holder().get().map(ServedModel::version).orElse(0L) >= 1,
                            Duration.ofSeconds(60), "the trainer to score every labelled event and publish a version");
                    awaitValue(server, "sum(streamadapt_events_total{" + APP + "})", 2.0 * EXAMPLES + MALFORMED_LABELED + WRONG_COUNT_REQUESTS,
                            Duration.ofSeconds(30));
                    awaitValue(server, "sum(streamadapt_prediction_latency_seconds_count{" + APP + "})", EXAMPLES, Duration.ofSeconds(30));
                    awaitValue(server, "sum(streamadapt_prequential_window_events{" + APP + "})", WINDOW, Duration.ofSeconds(10));

                    assertEveryDashboardQueryReturnsData(server);
                    assertFiguresMakeSense(server);
                    assertEveryRecordingRuleHasDataAndNoQualityAlertIsActive(server);
                }
            }
        }
    }

    @Test
    void composePrometheusConfigIsValid() throws Exception {
        Path promtool = binary("promtool");
        Process p = new ProcessBuilder(promtool.toString(), "check", "config", "docker/prometheus/prometheus.yml")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private static void replay(Config config, StreamAdaptService service, Dataset examples) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaProps.producer(config))) {
            new Replayer(producer, service.topics()).replay(examples, Replayer.Mode.BOTH, 0, 20, "", Progress.NONE);
            // a few bad records, so the dead-letter panels show real reasons
            for (int i = 0; i < MALFORMED_LABELED; i++) {
                send(producer, service.topics().labeled().name(), "bad-" + i, "{\"id\":\"bad-" + i + "\",\"features\":[0.0,");
            }
            for (int i = 0; i < WRONG_COUNT_REQUESTS; i++) {
                send(producer, service.topics().requests().name(), "short-" + i, "{\"id\":\"short-" + i + "\",\"features\":[0.0,1.0]}");
            }
            producer.flush();
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, String value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertEveryDashboardQueryReturnsData(PrometheusServer server) throws Exception {
        Dashboard dashboard = Dashboard.load();
        Map<String, String> variables = Map.of("application", APPLICATION);
        List<String> failures = new ArrayList<>();
        List<Dashboard.Query> queries = dashboard.queries();
        assertThat(queries).hasSizeGreaterThanOrEqualTo(20);
        for (Dashboard.Query q : queries) {
            String expr = Dashboard.substitute(q.expr(), variables);
            JsonNode response = server.queryResponse(expr);
            if (!response.path("status").asText().equals("success")) {
                failures.add(q + "\n    -> " + response.path("errorType").asText() + ": " + response.path("error").asText());
            } else {
                String problem = problemWith(expr, response.path("data").path("result"));
                if (problem != null) failures.add(q + "\n    -> " + problem);
            }
        }
        for (String annotation : dashboard.annotationExprs()) {
            // an annotation legitimately finds nothing when no version changed lately; it must still be valid PromQL
            JsonNode response = server.queryResponse(Dashboard.substitute(annotation, variables));
            if (!response.path("status").asText().equals("success")) {
                failures.add("annotation " + annotation + "\n    -> " + response.path("error").asText());
            }
        }
        assertThat(failures).as("dashboard queries that failed or returned no data").isEmpty();
    }

    /** What is wrong with a query's result, or null when it is usable. */
    private static String problemWith(String expr, JsonNode result) {
        if (result.isEmpty()) return "no data for " + expr;
        boolean finite = false;
        for (JsonNode series : result) {
            // `... or vector(0)` next to labelled series would draw an extra, unlabelled line
            if (result.size() > 1 && series.path("metric").isEmpty()) return "an unlabelled series among labelled ones: " + result;
            finite |= Double.isFinite(Double.parseDouble(series.path("value").get(1).asText()));
        }
        // Kafka's windowed latency statistics are legitimately NaN when a client had nothing to commit lately
        if (!finite && !expr.contains("kafka_stream_")) return "only NaN values: " + result;
        return null;
    }

    private static void assertFiguresMakeSense(PrometheusServer server) throws Exception {
        double adapted = server.scalar("streamadapt_prequential_accuracy{" + APP + "}");
        double adaptedLower = server.scalar("streamadapt_prequential_accuracy_lower{" + APP + "}");
        double adaptedUpper = server.scalar("streamadapt_prequential_accuracy_upper{" + APP + "}");
        double source = server.scalar("streamadapt_source_model_accuracy{" + APP + "}");
        double sourceUpper = server.scalar("streamadapt_source_model_accuracy_upper{" + APP + "}");
        System.out.printf("prometheus: prequential accuracy adapted %.4f [%.4f, %.4f], source %.4f (upper %.4f)%n", adapted, adaptedLower, adaptedUpper, source, sourceUpper);
        assertThat(adapted).isBetween(adaptedLower, adaptedUpper).isGreaterThan(source);
        // the gain is significant: the Wilson bands do not overlap
        assertThat(adaptedLower).as("adapted lower bound vs source upper bound").isGreaterThan(sourceUpper);

        assertThat(server.scalar("streamadapt_model_version{" + APP + "}")).isGreaterThanOrEqualTo(1);
        assertThat(server.scalar("streamadapt_model_versions_published_total{" + APP + "}")).isGreaterThanOrEqualTo(1);
        assertThat(server.scalar("sum(streamadapt_finetune_seconds_count{" + APP + "})"))
                .isGreaterThanOrEqualTo(server.scalar("streamadapt_model_versions_published_total{" + APP + "}"));

        assertThat(server.scalar("streamadapt_events_total{" + APP + ",topic=\"adapt.labeled\",outcome=\"accepted\"}")).isEqualTo(EXAMPLES);
        assertThat(server.scalar("streamadapt_events_total{" + APP + ",topic=\"adapt.requests\",outcome=\"accepted\"}")).isEqualTo(EXAMPLES);
        assertThat(server.scalar("streamadapt_dead_letters_total{" + APP + ",reason=\"malformed_json\"}")).isEqualTo(MALFORMED_LABELED);
        assertThat(server.scalar("streamadapt_dead_letters_total{" + APP + ",reason=\"wrong_feature_count\"}")).isEqualTo(WRONG_COUNT_REQUESTS);
        assertThat(server.scalar("streamadapt_prediction_latency_seconds_count{" + APP + "}")).isEqualTo(EXAMPLES);

        assertThat(server.scalar("sum(streamadapt_label_share{" + APP + "})")).isCloseTo(1.0, within(1e-9));
        assertThat(server.query("kafka_stream_client_state{" + APP + "} == 2").path("result"))
                .as("both Kafka Streams clients RUNNING").hasSize(2);
        assertThat(server.scalar("sum(jvm_memory_used_bytes{" + APP + ",area=\"heap\"})")).isPositive();
    }

    /** The rule file against real data: each recorded series exists, and a healthy run raises no quality alert. */
    private static void assertEveryRecordingRuleHasDataAndNoQualityAlertIsActive(PrometheusServer server) throws Exception {
        List<String> records = new ArrayList<>();
        for (JsonNode group : YAML.readTree(MonitoringManifests.RULES.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("record")) records.add(rule.path("record").asText());
            }
        }
        assertThat(records).hasSizeGreaterThanOrEqualTo(5);
        for (String record : records) {
            awaitCondition(() -> hasData(server, record + "{" + APP + "}"), Duration.ofSeconds(20), "recorded series " + record);
        }
        // adaptation helps and 5 bad records of 1,605 are 0.3%: neither alert may even be pending
        for (String alert : List.of("StreamAdaptWorseThanSourceModel", "StreamAdaptDeadLetterShareHigh")) {
            assertThat(server.query("ALERTS{alertname=\"" + alert + "\"," + APP + "}").path("result")).as(alert).isEmpty();
        }
    }

    private static boolean hasData(PrometheusServer server, String expr) {
        try {
            return !server.query(expr).path("result").isEmpty();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitCondition(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("timed out after " + timeout + " waiting for " + what);
            Thread.sleep(200);
        }
    }

    /** Waits until Prometheus has scraped a value: the query returns exactly {@code expected}. */
    private static void awaitValue(PrometheusServer server, String expr, double expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        double last = Double.NaN;
        while (System.nanoTime() < deadline) {
            last = server.scalar(expr);
            if (last == expected) return;
            Thread.sleep(250);
        }
        fail("Prometheus query " + expr + " was " + last + ", expected " + expected + " within " + timeout + "\n" + server.logTail());
    }
}

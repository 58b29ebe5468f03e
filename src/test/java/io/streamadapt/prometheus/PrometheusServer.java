package io.streamadapt.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A real Prometheus server, run as a child process with its own configuration and storage in a temporary directory. */
final class PrometheusServer implements AutoCloseable {
    /** Why a test cannot run without the binary, and how to get it. */
    static String missing(String binary) {
        return "The `" + binary + "` binary is not on the PATH. The broker-backed metrics test runs a real Prometheus: install it "
                + "with `apt-get install -y --no-install-recommends prometheus` (Debian/Ubuntu package `prometheus`, which also "
                + "ships promtool) or run .ci/run, which does.";
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    // a test JVM that dies without closing must not leave a Prometheus behind
    private final Thread killOnExit;

    private PrometheusServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.killOnExit = new Thread(process::destroyForcibly, "prometheus-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** An executable called {@code name} on the PATH. */
    static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /**
     * Starts Prometheus scraping {@code target} (host:port) every second and evaluating the repository's recording and
     * alerting rules every second, and waits until it answers queries.
     */
    static PrometheusServer start(Path binary, String target, Path dir) throws IOException, InterruptedException {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                  - "%s"
                scrape_configs:
                  - job_name: streamadapt
                    metrics_path: /metrics
                    static_configs:
                      - targets: ["%s"]
                """.formatted(MonitoringManifests.RULES.toAbsolutePath(), target));
        int port = freePort();
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(List.of(binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("data")),
                "--web.listen-address=127.0.0.1:" + port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PrometheusServer server = new PrometheusServer(p, log, port);
        try {
            server.awaitReady(Duration.ofSeconds(30));
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("Prometheus exited with " + process.exitValue() + ":\n" + logTail());
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Prometheus was not ready within " + timeout + ":\n" + logTail());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    /** The {@code data} of an instant query through {@code /api/v1/query}; throws with Prometheus' error when it fails. */
    JsonNode query(String expr) throws IOException, InterruptedException {
        JsonNode body = queryResponse(expr);
        if (!body.path("status").asText().equals("success")) {
            throw new IllegalArgumentException(body.path("errorType").asText() + ": " + body.path("error").asText());
        }
        return body.path("data");
    }

    /** The full response of an instant query: status, data or error. */
    JsonNode queryResponse(String expr) throws IOException, InterruptedException {
        URI uri = URI.create(base() + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** The value of a query that returns exactly one series, or NaN when it returns none. */
    double scalar(String expr) throws IOException, InterruptedException {
        JsonNode result = query(expr).path("result");
        if (result.isEmpty()) return Double.NaN;
        if (result.size() > 1) throw new IllegalStateException(expr + " returned " + result.size() + " series: " + result);
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        Runtime.getRuntime().removeShutdownHook(killOnExit);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}

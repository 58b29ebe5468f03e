package io.streamadapt.testing;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamadapt.contract.Json;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** {@code serve} in a child JVM, as orchestrators run it: start, probe over HTTP, SIGTERM or kill -9. */
public final class ServeProcess {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServeProcess() {
    }

    /** The {@code serve} command line with the given {@code key=value} settings. */
    public static List<String> command(String bootstrap, Path model, List<String> settings) {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = Path.of("target/classes").toAbsolutePath() + File.pathSeparator + System.getProperty("java.class.path");
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xmx1g", "-XX:+ExitOnOutOfMemoryError", "-cp", classpath, "io.streamadapt.cli.App", "serve",
                "--bootstrap-servers", bootstrap, "--model", model.toString()));
        for (String kv : settings) {
            cmd.add("--set");
            cmd.add(kv);
        }
        return cmd;
    }

    /** Starts the command with its output in {@code log}; no STREAMADAPT_* variables of this JVM leak into it. */
    public static Process start(List<String> command, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("STREAMADAPT_"));
        return pb.start();
    }

    /** Polls until the condition holds; fails with the end of the log when the process dies or time runs out. */
    public static void await(BooleanSupplier condition, Duration timeout, String what, Process serve, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!serve.isAlive()) fail("serve exited (" + serve.exitValue() + ") while waiting for " + what + "\n" + tail(log));
            if (System.nanoTime() > deadline) fail("timed out after " + timeout + " waiting for " + what + "\n" + tail(log));
            Thread.sleep(250);
        }
    }

    /** HTTP status of a GET, or -1 when nothing answers. */
    public static int status(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The version an instance serves, or -1. */
    public static long servingVersion(int port) {
        try {
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/models"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return r.statusCode() == 200 ? Json.read(r.body(), JsonNode.class).path("serving").asLong(-1) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "--- " + log.getFileName() + " (last 60 lines)\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

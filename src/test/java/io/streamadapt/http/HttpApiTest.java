package io.streamadapt.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamadapt.contract.Json;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP API against a fake backend: routes, status codes, the admin token and resistance to slow clients. */
class HttpApiTest {
    private static final String TOKEN = "s3cret-token";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Records the operator actions it is asked for; fails on demand. */
    static final class FakeBackend implements Backend {
        final List<String> actions = new CopyOnWriteArrayList<>();
        volatile List<String> liveness = List.of();
        volatile List<String> readiness = List.of();
        volatile RuntimeException failure;

        @Override public List<String> livenessProblems() { return liveness; }
        @Override public List<String> readinessProblems() { return readiness; }
        @Override public Scrape scrape(String accept) { return new Scrape("text/plain", "streamadapt_model_version 3\n"); }

        @Override
        public ModelList models() {
            if (failure != null) throw failure;
            return new ModelList(3L, null, List.of(Map.of("version", 3)));
        }

        @Override
        public Optional<Map<String, Object>> version(long version) {
            return version == 3 ? Optional.of(Map.of("version", 3L)) : Optional.empty();
        }

        @Override
        public void pin(long version) {
            if (version != 3) throw ApiError.notFound("no model version " + version);
            actions.add("pin " + version);
        }

        @Override public void unpin() { actions.add("unpin"); }

        @Override
        public RolledBack rollback(long version) {
            actions.add("rollback " + version);
            return new RolledBack(version, 4L, "c-1");
        }
    }

    private final FakeBackend backend = new FakeBackend();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    private HttpApi start(String token, Duration readTimeout) throws Exception {
        HttpApi api = new HttpApi(new HttpApi.Options("127.0.0.1", 0, token, readTimeout, 16), backend).start();
        open.add(api);
        return api;
    }

    private static HttpResponse<String> call(HttpApi api, String method, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path)).timeout(Duration.ofSeconds(5));
        if (authorization != null) b.header("Authorization", authorization);
        b = method.equals("POST") ? b.POST(HttpRequest.BodyPublishers.noBody()) : b.GET();
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body()).path("error").asText();
    }

    @Test
    void adminRoutesNeedTheBearerToken() throws Exception {
        HttpApi api = start(TOKEN, Duration.ofSeconds(5));

        HttpResponse<String> none = call(api, "POST", "/models/3/pin", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(call(api, "POST", "/models/3/pin", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(call(api, "POST", "/models/3/pin", "Bearer " + TOKEN + "x").statusCode()).isEqualTo(401);
        assertThat(call(api, "POST", "/models/unpin", "Basic " + TOKEN).statusCode()).isEqualTo(401);
        assertThat(backend.actions).as("nothing done without the token").isEmpty();

        assertThat(call(api, "POST", "/models/3/pin", "Bearer " + TOKEN).statusCode()).isEqualTo(202);
        assertThat(call(api, "POST", "/models/unpin", "bearer " + TOKEN).statusCode()).isEqualTo(202);
        HttpResponse<String> rolled = call(api, "POST", "/models/3/rollback", "Bearer " + TOKEN);
        assertThat(rolled.statusCode()).isEqualTo(202);
        assertThat(Json.MAPPER.readTree(rolled.body()).path("newVersion").asLong()).isEqualTo(4);
        assertThat(backend.actions).containsExactly("pin 3", "unpin", "rollback 3");
        assertThat(call(api, "GET", "/models", null).statusCode()).as("reading needs no token").isEqualTo(200);
    }

    @Test
    void adminRoutesAreForbiddenWithAHowToWhenNoTokenIsConfigured() throws Exception {
        HttpApi api = start("", Duration.ofSeconds(5));

        HttpResponse<String> r = call(api, "POST", "/models/0/pin", "Bearer anything");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(error(r)).contains("http.admin-token", "STREAMADAPT_HTTP_ADMIN_TOKEN", "Authorization: Bearer");
        assertThat(backend.actions).isEmpty();
    }

    @Test
    void unparseablePathValuesAreBadRequestsAndUnknownPathsNotFound() throws Exception {
        HttpApi api = start(TOKEN, Duration.ofSeconds(5));

        HttpResponse<String> overflow = call(api, "POST", "/models/99999999999999999999/rollback", "Bearer " + TOKEN);
        assertThat(overflow.statusCode()).isEqualTo(400);
        assertThat(error(overflow)).contains("99999999999999999999", "not a version number");
        assertThat(call(api, "GET", "/models/abc", null).statusCode()).isEqualTo(400);
        assertThat(call(api, "GET", "/models/-1", null).statusCode()).isEqualTo(400);
        assertThat(call(api, "GET", "/models/+3", null).statusCode()).isEqualTo(400);
        assertThat(call(api, "GET", "/models/3", null).statusCode()).isEqualTo(200);
        assertThat(call(api, "GET", "/models/4", null).statusCode()).isEqualTo(404);
        assertThat(call(api, "POST", "/models/4/pin", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
        assertThat(call(api, "GET", "/nope", null).statusCode()).isEqualTo(404);
        assertThat(call(api, "POST", "/models", null).statusCode()).isEqualTo(405);
        assertThat(call(api, "GET", "/models/unpin", null).statusCode()).isEqualTo(405);
        assertThat(call(api, "GET", "/models/3/pin", null).statusCode()).isEqualTo(405);
    }

    @Test
    void errorBodiesNeverEchoExceptionText() throws Exception {
        HttpApi api = start(TOKEN, Duration.ofSeconds(5));
        backend.failure = new IllegalStateException("broker at 10.0.0.7:9092 said: secret internals");

        HttpResponse<String> r = call(api, "GET", "/models", null);

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).doesNotContain("10.0.0.7", "secret", "IllegalState");
        assertThat(error(r)).isEqualTo("internal error");
    }

    @Test
    void healthAndReadinessSayWhyTheyFail() throws Exception {
        HttpApi api = start(TOKEN, Duration.ofSeconds(5));
        assertThat(call(api, "GET", "/health", null).statusCode()).isEqualTo(200);
        assertThat(call(api, "GET", "/ready", null).statusCode()).isEqualTo(200);

        backend.liveness = List.of("the edge Kafka Streams client is ERROR");
        backend.readiness = List.of("no model is loaded yet");

        HttpResponse<String> health = call(api, "GET", "/health", null);
        assertThat(health.statusCode()).isEqualTo(503);
        JsonNode body = Json.MAPPER.readTree(health.body());
        assertThat(body.path("status").asText()).isEqualTo("DOWN");
        assertThat(body.path("reasons").get(0).asText()).isEqualTo("the edge Kafka Streams client is ERROR");
        HttpResponse<String> ready = call(api, "GET", "/ready", null);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("NOT_READY", "no model is loaded yet");
        assertThat(call(api, "GET", "/metrics", null).body()).contains("streamadapt_model_version 3");
    }

    @Test
    void aBodyLargerThanTheLimitIsRefused() throws Exception {
        HttpApi api = start(TOKEN, Duration.ofSeconds(5));
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/models/unpin"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[HttpApi.MAX_BODY_BYTES + 1])).build();

        assertThat(CLIENT.send(req, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(413);
        assertThat(backend.actions).isEmpty();
    }

    @Test
    void eightHalfOpenConnectionsDoNotStarveHealthAndAreClosedAfterTheReadTimeout() throws Exception {
        HttpApi api = start(TOKEN, Duration.ofSeconds(2));
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Socket s = new Socket("127.0.0.1", api.port());
            open.add(s);
            OutputStream out = s.getOutputStream();
            // half a request: the server must wait for the rest on a worker thread
            out.write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            idle.add(s);
        }

        long start = System.nanoTime();
        assertThat(call(api, "GET", "/health", null).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));

        // the read timeout closes the half-open connections
        for (Socket s : idle) {
            s.setSoTimeout(10_000);
            assertThat(s.getInputStream().read()).as("connection closed by the server").isEqualTo(-1);
        }
    }
}

package io.streamadapt.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.streamadapt.contract.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator API. Routes, one line each:
 * <pre>
 *   GET  /health                 liveness: 503 when a Streams client failed or the registry stopped following
 *   GET  /ready                  readiness: 200 exactly when this instance can answer requests, else 503 with reasons
 *   GET  /metrics                Prometheus text format (OpenMetrics when the Accept header asks for it)
 *   GET  /models                 versions with lineage, serving and pinned version
 *   GET  /models/{v}             one version
 *   POST /models/{v}/pin         admin: serve this version everywhere
 *   POST /models/unpin           admin: serve the newest version again
 *   POST /models/{v}/rollback    admin: republish this version as the newest
 * </pre>
 * Admin routes need {@code Authorization: Bearer <http.admin-token>} (401 without or with a wrong token, 403 when no
 * token is configured). Safe to expose: requests that do not arrive within the read timeout are dropped, bodies are
 * bounded, idle or slow connections cannot use up the workers {@code /health} needs, an unparseable path value is a
 * 400, and an error body never carries internal exception text.
 */
public final class HttpApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    /** Largest request body read; the routes take none, so anything bigger is refused. */
    static final int MAX_BODY_BYTES = 4096;

    /**
     * Where and how the server listens.
     *
     * @param bind        interface address ({@code 0.0.0.0}: all, {@code 127.0.0.1}: this host only)
     * @param adminToken  bearer token of the admin routes; blank disables them
     * @param readTimeout a request must arrive completely within it
     * @param workers     threads answering requests
     */
    public record Options(String bind, int port, String adminToken, Duration readTimeout, int workers) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Routes routes;

    public HttpApi(Options options, Backend backend) throws IOException {
        ServerTimeouts.apply(options.readTimeout());
        this.routes = Routes.of(backend, new AdminToken(options.adminToken()));
        server = HttpServer.create(new InetSocketAddress(options.bind(), options.port()), 64);
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(options.workers(), r -> {
            Thread t = new Thread(r, "http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    public HttpApi start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        Response r;
        try {
            if (!readBoundedBody(ex.getRequestBody())) {
                r = Response.error(413, "request body larger than " + MAX_BODY_BYTES + " bytes");
            } else {
                r = routes.dispatch(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("Authorization"),
                        ex.getRequestHeaders().getFirst("Accept"));
            }
        } catch (RuntimeException e) {
            LOG.warn("HTTP {} {} failed", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
            r = Response.error(500, "internal error");
        }
        r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.getResponseHeaders().set("Content-Type", r.contentType());
        ex.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(r.body());
        }
    }

    /** Reads and discards the body; false when it exceeds {@link #MAX_BODY_BYTES}. */
    private static boolean readBoundedBody(InputStream in) throws IOException {
        byte[] buf = new byte[1024];
        int total = 0;
        for (int k = in.read(buf); k >= 0; k = in.read(buf)) {
            total += k;
            if (total > MAX_BODY_BYTES) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** A response: status, content type, body and extra headers. */
    record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        static Response json(int status, Object body) {
            return new Response(status, "application/json", Json.write(body), Map.of());
        }

        static Response error(int status, String message) {
            return json(status, new ErrorBody(message));
        }

        static Response text(String contentType, String body) {
            return new Response(200, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        Response withHeader(String name, String value) {
            return new Response(status, contentType, body, Map.of(name, value));
        }
    }

    /** Body of every error response: a sentence for the caller, never internal exception text. */
    public record ErrorBody(String error) {
    }

    /** Liveness and readiness: up or not, and why not. */
    public record Status(String status, List<String> reasons) {
        public static Status of(boolean ok, String okName, String failName, List<String> reasons) {
            return new Status(ok ? okName : failName, List.copyOf(reasons));
        }

        boolean ok() {
            return reasons.isEmpty();
        }
    }
}

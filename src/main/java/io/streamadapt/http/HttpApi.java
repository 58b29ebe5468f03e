package io.streamadapt.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.streamadapt.contract.Json;
import io.streamadapt.model.ModelOperations;
import io.streamadapt.model.ModelRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes:
 * <ul>
 *   <li>{@code GET /health}: 200 while the process runs;</li>
 *   <li>{@code GET /ready}: 200 when Kafka Streams is running and a model serves, else 503;</li>
 *   <li>{@code GET /models}: versions with lineage (no artifacts), serving and pinned version;</li>
 *   <li>{@code GET /models/{v}}: one version;</li>
 *   <li>{@code POST /models/{v}/pin}, {@code POST /models/unpin}, {@code POST /models/{v}/rollback};</li>
 *   <li>{@code GET /metrics}: Prometheus text format, OpenMetrics when the Accept header asks for it.</li>
 * </ul>
 * Handlers are thin; domain errors become status codes in {@link #statusOf}.
 */
public final class HttpApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final Pattern VERSION_ACTION = Pattern.compile("^/models/(\\d+)(/(pin|rollback))?$");

    /** Renders the metrics for an Accept header: content type and body. */
    public interface MetricsScraper {
        String[] scrape(String accept);
    }

    private final HttpServer server;

    public HttpApi(int port, BooleanSupplier ready, ModelRegistry registry, ModelOperations ops, Supplier<Long> servingVersion,
                   MetricsScraper metrics) throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 0);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/health", ex -> respond(ex, "GET", x -> json(200, Map.of("status", "UP"))));
        server.createContext("/ready", ex -> respond(ex, "GET", x -> ready.getAsBoolean()
                ? json(200, Map.of("status", "READY")) : json(503, Map.of("status", "NOT_READY"))));
        server.createContext("/metrics", ex -> respond(ex, "GET", x -> {
            String[] r = metrics.scrape(x.getRequestHeaders().getFirst("Accept"));
            return new Response(200, r[0], r[1].getBytes(StandardCharsets.UTF_8));
        }));
        server.createContext("/models", ex -> {
            String path = ex.getRequestURI().getPath().replaceAll("/+$", "");
            if (path.equals("/models")) {
                respond(ex, "GET", x -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("serving", servingVersion.get());
                    body.put("pinned", registry.pinned().orElse(null));
                    body.put("versions", registry.summaries());
                    return json(200, body);
                });
            } else if (path.equals("/models/unpin")) {
                respond(ex, "POST", x -> {
                    ops.unpin();
                    return json(202, Map.of("pinned", "none"));
                });
            } else {
                Matcher m = VERSION_ACTION.matcher(path);
                if (!m.matches()) {
                    respond(ex, null, x -> json(404, Map.of("error", "no such resource: " + path)));
                    return;
                }
                long v = Long.parseLong(m.group(1));
                String action = m.group(3);
                if (action == null) {
                    respond(ex, "GET", x -> json(200, registry.summary(v)
                            .orElseThrow(() -> new NoSuchElementException("no model version " + v))));
                } else if (action.equals("pin")) {
                    respond(ex, "POST", x -> {
                        ops.pin(v);
                        return json(202, Map.of("pinned", v));
                    });
                } else {
                    respond(ex, "POST", x -> json(202, Map.of("rolledBackTo", v, "newVersion", ops.rollback(v))));
                }
            }
        });
    }

    public HttpApi start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private record Response(int status, String contentType, byte[] body) {
    }

    private static Response json(int status, Object body) {
        return new Response(status, "application/json", Json.write(body));
    }

    /** The one place where domain errors become HTTP status codes. */
    static int statusOf(Exception e) {
        if (e instanceof NoSuchElementException) return 404;
        if (e instanceof IllegalArgumentException) return 400;
        if (e instanceof IllegalStateException) return 409;
        return 500;
    }

    private static void respond(HttpExchange ex, String method, Function<HttpExchange, Response> handler) throws IOException {
        Response r;
        try {
            if (method != null && !method.equals(ex.getRequestMethod())) {
                r = json(405, Map.of("error", "use " + method));
            } else {
                r = handler.apply(ex);
            }
        } catch (Exception e) {
            int status = statusOf(e);
            if (status == 500) LOG.warn("HTTP {} failed", ex.getRequestURI(), e);
            r = json(status, Map.of("error", String.valueOf(e.getMessage())));
        }
        ex.getResponseHeaders().set("Content-Type", r.contentType());
        ex.sendResponseHeaders(r.status(), r.body().length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(r.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

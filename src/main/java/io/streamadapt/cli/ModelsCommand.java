package io.streamadapt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamadapt.contract.Json;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code models}: lists versions and pins or rolls back serving, through a running service's HTTP API. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List model versions with their lineage, pin serving to a version, unpin, or roll back (through a running service's HTTP API).")
final class ModelsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://localhost:8080", scope = ScopeType.INHERIT,
            description = "Base URL of the service's HTTP API. Default: ${DEFAULT-VALUE}")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:STREAMADAPT_HTTP_ADMIN_TOKEN}", scope = ScopeType.INHERIT,
            description = "Admin token sent as 'Authorization: Bearer' (pin, unpin, rollback). Default: the environment variable STREAMADAPT_HTTP_ADMIN_TOKEN")
    String token;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    int call(String method, String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path)).timeout(Duration.ofSeconds(30));
        if (token != null && !token.isBlank()) {
            b.header("Authorization", "Bearer " + token.trim());
        }
        HttpRequest req = method.equals("POST") ? b.POST(HttpRequest.BodyPublishers.noBody()).build() : b.GET().build();
        HttpResponse<String> resp;
        try {
            resp = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            System.err.println("error: no StreamAdapt service at " + url + " (use --url)");
            return 3;
        }
        if (resp.statusCode() >= 400) {
            System.err.println("error " + resp.statusCode() + ": " + resp.body());
            if (resp.statusCode() == 401) {
                System.err.println("hint: pass the service's http.admin-token with --token or STREAMADAPT_HTTP_ADMIN_TOKEN");
            }
            return 1;
        }
        if (path.equals("/models")) {
            printTable(Json.MAPPER.readTree(resp.body()));
        } else {
            System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.MAPPER.readTree(resp.body())));
        }
        return 0;
    }

    private static void printTable(JsonNode body) {
        System.out.printf("serving: %s   pinned: %s%n", body.path("serving").asText("-"), body.path("pinned").isNull() ? "no" : body.path("pinned").asText());
        System.out.printf("%8s %8s %-9s %-8s %17s %9s %9s %9s%n", "version", "parent", "kind", "strategy", "offsets", "events", "accuracy", "parent");
        for (JsonNode v : body.path("versions")) {
            JsonNode g = v.path("gate");
            System.out.printf("%8d %8d %-9s %-8s %17s %9d %9s %9s%n", v.path("version").asLong(), v.path("parent").asLong(),
                    v.path("kind").asText(), v.path("hyperParameters").path("strategy").asText("-"),
                    v.path("fromOffset").asLong() < 0 ? "-" : v.path("fromOffset").asLong() + ".." + v.path("toOffset").asLong(),
                    v.path("events").asLong(), fmt(g.path("candidateAccuracy")), fmt(g.path("parentAccuracy")));
        }
    }

    private static String fmt(JsonNode n) {
        return n.isNumber() ? String.format("%.4f", n.asDouble()) : "-";
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List versions with lineage and gate figures")
    int list() throws Exception {
        return call("GET", "/models");
    }

    @Command(name = "pin", mixinStandardHelpOptions = true, description = "Serve this version on every instance until unpinned (training goes on)")
    int pin(@Parameters(paramLabel = "VERSION", description = "Version number") long version) throws Exception {
        return call("POST", "/models/" + version + "/pin");
    }

    @Command(name = "unpin", mixinStandardHelpOptions = true, description = "Serve the newest accepted version again")
    int unpin() throws Exception {
        return call("POST", "/models/unpin");
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Publish this version's model again as the newest version: serving switches to it and training continues from it")
    int rollback(@Parameters(paramLabel = "VERSION", description = "Version number to return to") long version) throws Exception {
        return call("POST", "/models/" + version + "/rollback");
    }
}

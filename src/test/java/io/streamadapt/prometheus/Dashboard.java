package io.streamadapt.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The provisioned Grafana dashboard, read as the JSON Grafana loads, with its panels and their queries. */
final class Dashboard {
    static final Path FILE = Path.of("docker", "grafana", "dashboards", "streamadapt.json");

    /** Grafana variables as {@code $name} or {@code ${name}} (optionally {@code ${name:format}}). */
    static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)");

    /** Values for Grafana's built-in interval variables, as Grafana would fill them for a short time range. */
    static final Map<String, String> BUILT_INS = Map.of(
            "__rate_interval", "30s",
            "__interval", "15s",
            "__interval_ms", "15000",
            "__range", "5m",
            "__range_s", "300",
            "__range_ms", "300000");

    /** One query of a panel. */
    record Query(String panel, String refId, String expr) {
        @Override
        public String toString() {
            return "panel '" + panel + "' query " + refId + ": " + expr;
        }
    }

    final JsonNode root;

    private Dashboard(JsonNode root) {
        this.root = root;
    }

    static Dashboard load() throws IOException {
        return new Dashboard(new ObjectMapper().readTree(Files.readString(FILE)));
    }

    /** Every panel, with the panels of collapsed rows, in file order. */
    List<JsonNode> panels() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : root.path("panels")) {
            out.add(p);
            for (JsonNode nested : p.path("panels")) out.add(nested);
        }
        return out;
    }

    /** Panels that show data: every panel except rows. */
    List<JsonNode> dataPanels() {
        return panels().stream().filter(p -> !p.path("type").asText().equals("row")).toList();
    }

    List<Query> queries() {
        List<Query> out = new ArrayList<>();
        for (JsonNode p : dataPanels()) {
            for (JsonNode t : p.path("targets")) {
                out.add(new Query(p.path("title").asText(), t.path("refId").asText(), t.path("expr").asText()));
            }
        }
        return out;
    }

    /** Names of the dashboard's template variables. */
    List<String> variables() {
        List<String> names = new ArrayList<>();
        for (JsonNode v : root.path("templating").path("list")) names.add(v.path("name").asText());
        return names;
    }

    /** The template variable called {@code name}. */
    JsonNode variable(String name) {
        for (JsonNode v : root.path("templating").path("list")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("no template variable " + name);
    }

    /** Annotation queries that run against Prometheus. */
    List<String> annotationExprs() {
        List<String> out = new ArrayList<>();
        for (JsonNode a : root.path("annotations").path("list")) {
            if (a.has("expr")) out.add(a.path("expr").asText());
        }
        return out;
    }

    /** Names of the variables used in an expression. */
    static List<String> variablesIn(String expr) {
        List<String> names = new ArrayList<>();
        Matcher m = VARIABLE.matcher(expr);
        while (m.find()) names.add(m.group(1) != null ? m.group(1) : m.group(2));
        return names;
    }

    /** The expression as Grafana would send it, with template variables set to the given values. */
    static String substitute(String expr, Map<String, String> templateValues) {
        Map<String, String> values = new LinkedHashMap<>(BUILT_INS);
        values.putAll(templateValues);
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = values.get(name);
            if (value == null) throw new IllegalArgumentException("no value for variable $" + name + " in " + expr);
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}

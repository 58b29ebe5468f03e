package io.streamadapt.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.streamadapt.config.Config;
import io.streamadapt.config.Setting;
import io.streamadapt.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Reads the deployment files (Dockerfile, Compose file, Kubernetes manifests) into plain structures the consistency
 * tests compare with the code: configuration keys, ports, paths and commands.
 */
final class DeploymentFiles {
    private DeploymentFiles() {
    }

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Where the JVM options go; {@link Config} ignores this one variable. */
    static final String OPTS_VARIABLE = "STREAMADAPT_OPTS";
    static final String KAFKA_VARIABLE_PREFIX = "STREAMADAPT_KAFKA_";

    /** The repository root: Maven runs tests there and sets {@code basedir}. */
    static Path root() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    }

    static Path dockerfile() {
        return root().resolve("docker/Dockerfile");
    }

    static Path composeFile() {
        return root().resolve("docker/compose.yml");
    }

    // ---------------------------------------------------------------------------------------------- YAML

    /** Every non-empty document of a (multi-document) YAML file. */
    static List<JsonNode> readYaml(Path file) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && doc.size() > 0) docs.add(doc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
        return docs;
    }

    static List<JsonNode> readYaml(String text) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && doc.size() > 0) docs.add(doc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse rendered YAML", e);
        }
        return docs;
    }

    /** The YAML files under a directory, sorted. */
    static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A kustomize (and Docker) env file: {@code NAME=value} lines; blank lines and {@code #} comments skipped. */
    static Map<String, String> readEnvFile(Path file) {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                int eq = t.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(file + ": not NAME=value: " + line);
                }
                m.put(t.substring(0, eq), t.substring(eq + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /** The env files under a directory, sorted. */
    static List<Path> envFiles(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".env")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> textMap(JsonNode node) {
        Map<String, String> m = new LinkedHashMap<>();
        if (node == null || node.isMissingNode() || node.isNull()) return m;
        if (node.isArray()) {
            // Compose's list form: ["KEY=value", ...]
            node.forEach(e -> {
                String s = e.asText();
                int eq = s.indexOf('=');
                m.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            });
        } else {
            node.properties().forEach(e -> m.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        }
        return m;
    }

    static List<String> textList(JsonNode node) {
        List<String> l = new ArrayList<>();
        if (node == null || node.isMissingNode() || node.isNull()) return l;
        if (node.isArray()) node.forEach(e -> l.add(e.asText()));
        else l.add(node.asText());
        return l;
    }

    // ---------------------------------------------------------------------------------------------- Dockerfile

    /** One Dockerfile instruction with its continuation lines joined and comments removed. */
    record Instruction(String keyword, String args, int line) {
    }

    static List<Instruction> parseDockerfile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Instruction> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) continue;
            if (current.isEmpty()) start = i + 1;
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String joined = current.toString().strip();
            current.setLength(0);
            int space = joined.indexOf(' ');
            out.add(new Instruction(space < 0 ? joined.toUpperCase() : joined.substring(0, space).toUpperCase(),
                    space < 0 ? "" : joined.substring(space + 1).strip(), start));
        }
        return out;
    }

    /** Splits {@code a=1 b="x y"} (or the legacy {@code key value}) into pairs, honouring quotes and escapes. */
    static Map<String, String> keyValues(String args) {
        List<String> words = shellWords(args);
        Map<String, String> m = new LinkedHashMap<>();
        if (!words.isEmpty() && !words.get(0).contains("=")) {
            m.put(words.get(0), args.substring(args.indexOf(words.get(0)) + words.get(0).length()).strip());
            return m;
        }
        for (String w : words) {
            int eq = w.indexOf('=');
            m.put(eq < 0 ? w : w.substring(0, eq), eq < 0 ? "" : w.substring(eq + 1));
        }
        return m;
    }

    static List<String> shellWords(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else if (c == '\\' && quote == '"' && i + 1 < s.length()) w.append(s.charAt(++i));
                else w.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < s.length()) {
                w.append(s.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) words.add(w.toString());
                w.setLength(0);
                inWord = false;
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) words.add(w.toString());
        return words;
    }

    /** The ENV of the final (runtime) stage, in order. */
    static Map<String, String> dockerfileEnv(List<Instruction> instructions) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Instruction i : instructions) {
            if (i.keyword().equals("FROM")) env.clear();
            if (i.keyword().equals("ENV")) env.putAll(keyValues(i.args()));
        }
        return env;
    }

    /** The STREAMADAPT_* part of an environment. */
    static Map<String, String> streamAdaptOnly(Map<String, String> env) {
        Map<String, String> m = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("STREAMADAPT_")) m.put(k, v);
        });
        return m;
    }

    static List<String> jsonArray(String args) {
        try {
            List<String> l = new ArrayList<>();
            YAML.readTree(args).forEach(n -> l.add(n.asText()));
            return l;
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON array: " + args, e);
        }
    }

    // ---------------------------------------------------------------------------------------------- configuration

    /** Every Kafka client setting a {@code kafka.*} key may name. */
    static Set<String> kafkaClientKeys() {
        Set<String> s = new TreeSet<>();
        s.addAll(ProducerConfig.configNames());
        s.addAll(ConsumerConfig.configNames());
        s.addAll(AdminClientConfig.configNames());
        s.addAll(StreamsConfig.configDef().names());
        return s;
    }

    /** The kafka.* key a STREAMADAPT_KAFKA_* variable becomes (as Config does it). */
    static String kafkaKeyOf(String variable) {
        return "kafka." + variable.substring(KAFKA_VARIABLE_PREFIX.length()).toLowerCase().replace('_', '.');
    }

    /**
     * Why a variable name is not one StreamAdapt understands, or empty when it is: the env name of a key in
     * {@link Settings#ALL}, a STREAMADAPT_KAFKA_* pass-through naming a real Kafka client setting, or STREAMADAPT_OPTS.
     */
    static Optional<String> problemWithName(String variable) {
        if (variable.equals(OPTS_VARIABLE)) return Optional.empty();
        for (Setting<?> s : Settings.ALL) {
            if (s.envName().equals(variable)) return Optional.empty();
        }
        if (variable.startsWith(KAFKA_VARIABLE_PREFIX)) {
            String client = kafkaKeyOf(variable).substring(Settings.KAFKA_PREFIX.length());
            return kafkaClientKeys().contains(client) ? Optional.empty()
                    : Optional.of(variable + " becomes kafka." + client + ", which no Kafka client knows");
        }
        return Optional.of(variable + " is neither a StreamAdapt key (Settings.ALL) nor a STREAMADAPT_KAFKA_* pass-through");
    }

    /** Loads the configuration exactly as the service would from these variables; throws with the key's message. */
    static Config configFrom(Map<String, String> env) {
        return Config.load(null, env, Map.of());
    }

    /** A Setting's value, as the service reads it from these variables. */
    static <T> T effective(Map<String, String> env, Setting<T> setting) {
        return configFrom(env).get(setting);
    }

    // ---------------------------------------------------------------------------------------------- values

    private static final Pattern URL = Pattern.compile("https?://([^:/\\s\"']+)(?::(\\$\\{[^}]+}|\\d+))?(/[A-Za-z0-9_./-]*)?");

    /** host, port (as written, maybe ${VAR:-default}) and path of the first URL in a command. */
    record Url(String host, String port, String path) {
    }

    static Optional<Url> firstUrl(String text) {
        Matcher m = URL.matcher(text);
        if (!m.find()) return Optional.empty();
        return Optional.of(new Url(m.group(1), m.group(2) == null ? "80" : m.group(2), m.group(3) == null ? "/" : m.group(3)));
    }

    private static final Pattern SHELL_DEFAULT = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");

    /** Resolves {@code ${VAR:-default}} and {@code ${VAR}} the way the shell in the container would. */
    static String resolveShell(String text, Map<String, String> env) {
        Matcher m = SHELL_DEFAULT.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = env.get(m.group(1));
            if (v == null || v.isEmpty()) v = m.group(2) == null ? "" : m.group(2);
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The variable names a text refers to as ${VAR...}. */
    static List<String> shellVariables(String text) {
        List<String> l = new ArrayList<>();
        Matcher m = SHELL_DEFAULT.matcher(text);
        while (m.find()) l.add(m.group(1));
        return l;
    }

    private static final Pattern COMPOSE_DURATION = Pattern.compile("(\\d+)(ms|us|h|m|s)");

    /** Compose durations: 1m30s, 75s, 500ms. */
    static Duration composeDuration(String text) {
        Matcher m = COMPOSE_DURATION.matcher(text);
        Duration d = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) throw new IllegalArgumentException("not a duration: " + text);
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                case "ms" -> Duration.ofMillis(n);
                default -> Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(n));
            });
            end = m.end();
        }
        if (end != text.length() || end == 0) throw new IllegalArgumentException("not a duration: " + text);
        return d;
    }

    /** Kubernetes memory quantity in bytes (Ki, Mi, Gi, k, M, G or plain). */
    static long memoryBytes(String q) {
        Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?").matcher(q);
        if (!m.matches()) throw new IllegalArgumentException("not a memory quantity: " + q);
        double n = Double.parseDouble(m.group(1));
        long unit = m.group(2) == null ? 1 : switch (m.group(2)) {
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "Ti" -> 1L << 40;
            case "k" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            default -> 1_000_000_000_000L;
        };
        return (long) (n * unit);
    }

    /** Kubernetes CPU quantity in millicores. */
    static long milliCpu(String q) {
        return q.endsWith("m") ? Long.parseLong(q.substring(0, q.length() - 1)) : Math.round(Double.parseDouble(q) * 1000);
    }

    /** Whether every label of {@code selector} is among {@code labels}. */
    static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector == null || selector.isMissingNode() || selector.isNull() || selector.size() == 0) return false;
        for (Map.Entry<String, JsonNode> e : selector.properties()) {
            if (labels == null || !e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) return false;
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------- processes

    /** The result of a finished command. */
    record Run(int exitCode, String output) {
    }

    /** The absolute path of an executable on PATH, if any. */
    static Optional<Path> onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, executable);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    static Run run(Path workingDir, Duration timeout, String... command) {
        try {
            Path out = Files.createTempFile("deploy-test-", ".out");
            try {
                Process p = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
                }
                return new Run(p.exitValue(), Files.readString(out));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

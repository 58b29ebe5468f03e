package io.streamadapt.deploy;

import static io.streamadapt.deploy.DeploymentFiles.composeDuration;
import static io.streamadapt.deploy.DeploymentFiles.configFrom;
import static io.streamadapt.deploy.DeploymentFiles.dockerfileEnv;
import static io.streamadapt.deploy.DeploymentFiles.effective;
import static io.streamadapt.deploy.DeploymentFiles.firstUrl;
import static io.streamadapt.deploy.DeploymentFiles.jsonArray;
import static io.streamadapt.deploy.DeploymentFiles.keyValues;
import static io.streamadapt.deploy.DeploymentFiles.memoryBytes;
import static io.streamadapt.deploy.DeploymentFiles.milliCpu;
import static io.streamadapt.deploy.DeploymentFiles.problemWithName;
import static io.streamadapt.deploy.DeploymentFiles.readYaml;
import static io.streamadapt.deploy.DeploymentFiles.resolveShell;
import static io.streamadapt.deploy.DeploymentFiles.selects;
import static io.streamadapt.deploy.DeploymentFiles.shellVariables;
import static io.streamadapt.deploy.DeploymentFiles.streamAdaptOnly;
import static io.streamadapt.deploy.DeploymentFiles.textList;
import static io.streamadapt.deploy.DeploymentFiles.textMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamadapt.cli.App;
import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import io.streamadapt.deploy.DeploymentFiles.Instruction;
import io.streamadapt.deploy.DeploymentFiles.Url;
import io.streamadapt.kafka.TopicAdmin;
import io.streamadapt.kafka.Topics;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The Dockerfile, the Compose file and the Kubernetes manifests agree with the code: every STREAMADAPT_* variable names
 * a key and holds a valid value, probes and scrapes use the service's port and paths, the commands exist, the Strimzi
 * topics carry the settings the service would create them with, and the grace periods outlast a shutdown.
 */
class DeploymentFilesTest {
    private static final int HTTP_PORT = Integer.parseInt(Settings.HTTP_PORT.fallback());
    private static final String READY = "/ready";
    private static final String HEALTH = "/health";
    private static final String METRICS = "/metrics";
    /** A pod name, the value Kubernetes puts into variables set from fieldRef metadata.name. */
    private static final String SAMPLE_POD_NAME = "streamadapt-0";
    private static final Duration KUBECTL_TIMEOUT = Duration.ofSeconds(60);

    private static List<Instruction> dockerfile() {
        return DeploymentFiles.parseDockerfile(DeploymentFiles.dockerfile());
    }

    /** The STREAMADAPT_* variables the image sets; Compose and Kubernetes add theirs on top. */
    private static Map<String, String> imageEnv() {
        return streamAdaptOnly(dockerfileEnv(dockerfile()));
    }

    private static JsonNode compose() {
        List<JsonNode> docs = readYaml(DeploymentFiles.composeFile());
        assertThat(docs).as("docker/compose.yml documents").hasSize(1);
        return docs.get(0);
    }

    private static JsonNode composeService(String name) {
        JsonNode s = compose().path("services").path(name);
        assertThat(s.isObject()).as("compose service " + name).isTrue();
        return s;
    }

    /** The variables the service sees in a Compose container: the image's, overridden by the service's environment. */
    private static Map<String, String> composeEnv(String service) {
        Map<String, String> env = new LinkedHashMap<>(imageEnv());
        env.putAll(streamAdaptOnly(textMap(composeService(service).path("environment"))));
        return env;
    }

    private static CommandLine cli() {
        return new CommandLine(new App());
    }

    // ============================================================================================== Dockerfile

    @Test
    void dockerfileBuildsTheJarWithMavenAndRunsItOnAJreAsANonRootUser() {
        List<Instruction> in = dockerfile();
        Map<String, String> args = new HashMap<>();
        List<String> stages = new ArrayList<>();
        for (Instruction i : in) {
            if (i.keyword().equals("ARG") && stages.isEmpty()) args.putAll(keyValues(i.args()));
            if (i.keyword().equals("FROM")) {
                String from = resolveShell(i.args(), args);
                // the natives .mvn/maven.config fetches decide the image's platform
                assertThat(from).as("FROM pinned to the natives' platform").startsWith("--platform=" + imagePlatform() + " ");
                stages.add(from.substring(from.indexOf(' ') + 1));
            }
        }
        assertThat(stages).as("FROM lines").hasSize(2);
        assertThat(stages.get(0)).startsWith("maven:3.9-eclipse-temurin-17 AS ");
        assertThat(stages.get(1)).isEqualTo("eclipse-temurin:17-jre");
        List<String> ignore = read(DeploymentFiles.root().resolve("docker/Dockerfile.dockerignore")).lines().map(String::strip).toList();
        for (Instruction i : in.subList(0, in.indexOf(in.stream().filter(x -> x.keyword().equals("FROM")).skip(1).findFirst().orElseThrow()))) {
            if (!i.keyword().equals("COPY") || i.args().startsWith("--from")) continue;
            String source = i.args().split("\\s+")[0];
            assertThat(DeploymentFiles.root().resolve(source)).as("COPY source " + source).exists();
            assertThat(ignore).as("Dockerfile.dockerignore lets " + source + " into the build context").contains("!" + source);
        }
        assertThat(in).as("the build stage packages without tests")
                .anyMatch(i -> i.keyword().equals("RUN") && i.args().contains("mvn -B -DskipTests package"));
        assertThat(in).as("the jar and the lib/ directory its manifest Class-Path points at")
                .anyMatch(i -> i.keyword().equals("COPY") && i.args().contains("/src/target/streamadapt.jar /opt/streamadapt/streamadapt.jar"))
                .anyMatch(i -> i.keyword().equals("COPY") && i.args().contains("/src/target/lib/ /opt/streamadapt/lib/"));

        List<Instruction> users = in.stream().filter(i -> i.keyword().equals("USER")).toList();
        assertThat(users).as("USER").isNotEmpty();
        String user = users.get(users.size() - 1).args().split(":")[0];
        assertThat(user).as("the runtime user").isNotIn("0", "root");
        assertThat(users.get(users.size() - 1).line()).as("USER comes before ENTRYPOINT")
                .isLessThan(single(in, "ENTRYPOINT").line());

        Map<String, String> env = dockerfileEnv(in);
        assertThat(env.get("JAVA_OPTS")).as("container-aware heap").contains("-XX:MaxRAMPercentage=");
        assertThat(in).as("the launcher passes JAVA_OPTS and STREAMADAPT_OPTS to the JVM")
                .anyMatch(i -> i.keyword().equals("RUN") && i.args().contains("exec java $JAVA_OPTS ${STREAMADAPT_OPTS:-}"));

        Set<String> labels = in.stream().filter(i -> i.keyword().equals("LABEL")).flatMap(i -> keyValues(i.args()).keySet().stream())
                .collect(Collectors.toSet());
        assertThat(labels).contains("org.opencontainers.image.title", "org.opencontainers.image.version",
                "org.opencontainers.image.revision", "org.opencontainers.image.created");
    }

    @Test
    void dockerfileEntrypointRunsTheJarsServeCommand() {
        List<Instruction> in = dockerfile();
        List<String> entrypoint = jsonArray(single(in, "ENTRYPOINT").args());
        assertThat(entrypoint).as("ENTRYPOINT").hasSize(2);
        assertThat(entrypoint.get(1)).isEqualTo("serve");
        assertThat(cli().getSubcommands()).as("commands of the jar").containsKey("serve");
        String launcher = entrypoint.get(0);
        assertThat(in).as("the launcher " + launcher + " is written in the image and runs the jar")
                .anyMatch(i -> i.keyword().equals("RUN") && i.args().contains("> " + launcher)
                        && i.args().contains("-jar /opt/streamadapt/streamadapt.jar \"$@\""));
        List<String> cmd = jsonArray(single(in, "CMD").args());
        List<String> serveArgs = new ArrayList<>(List.of("serve"));
        serveArgs.addAll(cmd);
        assertThatCode(() -> cli().parseArgs(serveArgs.toArray(String[]::new))).as("serve " + cmd).doesNotThrowAnyException();
    }

    @Test
    void dockerfileExposesTheHttpPortAndKeepsTheStateDirectoryOnAVolume() {
        List<Instruction> in = dockerfile();
        Map<String, String> env = imageEnv();
        int port = effective(env, Settings.HTTP_PORT);
        assertThat(port).isEqualTo(HTTP_PORT);
        assertThat(single(in, "EXPOSE").args()).isEqualTo(Integer.toString(port));

        String stateDir = effective(env, Settings.STATE_DIR);
        assertThat(env).as("the image sets the state directory").containsKey(Settings.STATE_DIR.envName());
        List<String> volumes = jsonArray(single(in, "VOLUME").args());
        assertThat(volumes).as("VOLUME holding " + stateDir).anyMatch(v -> stateDir.equals(v) || stateDir.startsWith(v + "/"));
    }

    @Test
    void dockerfileHealthcheckAsksTheReadyEndpointOnTheHttpPort() {
        List<Instruction> in = dockerfile();
        String healthcheck = single(in, "HEALTHCHECK").args();
        assertThat(healthcheck).contains(" CMD ");
        String command = healthcheck.substring(healthcheck.indexOf(" CMD ") + 5);
        assertThat(command).as("the image must bring the HTTP client it uses").startsWith("curl ");
        assertThat(in).anyMatch(i -> i.keyword().equals("RUN") && i.args().contains("install") && i.args().contains(" curl"));
        Url url = firstUrl(command).orElseThrow(() -> new AssertionError("no URL in HEALTHCHECK " + command));
        assertThat(url.host()).isIn("127.0.0.1", "localhost");
        assertThat(url.path()).isEqualTo(READY);
        // ${STREAMADAPT_HTTP_PORT:-8080}: the check follows the port when it is configured
        assertThat(shellVariables(url.port())).containsExactly(Settings.HTTP_PORT.envName());
        Map<String, String> env = dockerfileEnv(in);
        assertThat(Integer.parseInt(resolveShell(url.port(), env))).isEqualTo(effective(imageEnv(), Settings.HTTP_PORT));
        for (int p : List.of(8081, 9000)) {
            Map<String, String> withPort = new HashMap<>(env);
            withPort.put(Settings.HTTP_PORT.envName(), Integer.toString(p));
            assertThat(Integer.parseInt(resolveShell(url.port(), withPort))).isEqualTo(p);
        }
    }

    // ============================================================================================== variables

    /** A STREAMADAPT_* variable found in a file; value null when it comes from elsewhere (secretKeyRef). */
    private record Variable(String name, String value, String where) {
    }

    private static void collectVariables(JsonNode node, String where, List<Variable> out) {
        if (node.isObject()) {
            String name = node.path("name").asText("");
            if (name.startsWith("STREAMADAPT_") && (node.has("value") || node.has("valueFrom"))) {
                String value = node.has("value") ? node.get("value").asText()
                        : node.path("valueFrom").path("fieldRef").path("fieldPath").asText("").equals("metadata.name") ? SAMPLE_POD_NAME : null;
                out.add(new Variable(name, value, where));
            }
            node.properties().forEach(e -> {
                if (e.getKey().startsWith("STREAMADAPT_")) {
                    out.add(new Variable(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : null, where));
                }
                collectVariables(e.getValue(), where + "/" + e.getKey(), out);
            });
        } else if (node.isArray()) {
            for (JsonNode e : node) {
                Matcher m = Pattern.compile("^(STREAMADAPT_[A-Z0-9_]+)=(.*)$", Pattern.DOTALL).matcher(e.asText());
                if (e.isTextual() && m.matches()) out.add(new Variable(m.group(1), m.group(2), where));
                collectVariables(e, where, out);
            }
        }
    }

    private static List<Variable> variablesInRepository() {
        List<Variable> vars = new ArrayList<>();
        imageEnv().forEach((k, v) -> vars.add(new Variable(k, v, "docker/Dockerfile ENV")));
        Path root = DeploymentFiles.root();
        List<Path> files = new ArrayList<>(DeploymentFiles.yamlFiles(root.resolve("docker")));
        files.addAll(DeploymentFiles.yamlFiles(root.resolve("k8s")));
        for (Path f : files) {
            for (JsonNode doc : readYaml(f)) collectVariables(doc, root.relativize(f).toString(), vars);
        }
        for (Path f : DeploymentFiles.envFiles(root.resolve("k8s"))) {
            DeploymentFiles.readEnvFile(f).forEach((k, v) -> vars.add(new Variable(k, v, root.relativize(f).toString())));
        }
        return vars;
    }

    private static void assertVariablesAreKnownAndValid(List<Variable> vars) {
        List<String> problems = new ArrayList<>();
        for (Variable v : vars) {
            problemWithName(v.name()).ifPresent(p -> problems.add(v.where() + ": " + p));
            if (v.value() != null && !v.name().equals(DeploymentFiles.OPTS_VARIABLE)) {
                try {
                    configFrom(Map.of(v.name(), v.value()));
                } catch (RuntimeException e) {
                    problems.add(v.where() + ": " + v.name() + "=" + v.value() + " is rejected: " + e.getMessage());
                }
            }
        }
        assertThat(problems).as("STREAMADAPT_* variables that the service would reject").isEmpty();
    }

    @Test
    void everyStreamAdaptVariableInTheDockerAndKubernetesFilesNamesAKeyAndHoldsAValidValue() {
        List<Variable> vars = variablesInRepository();
        assertThat(vars).extracting(Variable::name)
                .contains(Settings.BOOTSTRAP_SERVERS.envName(), Settings.STATE_DIR.envName(), "STREAMADAPT_KAFKA_GROUP_INSTANCE_ID");
        assertVariablesAreKnownAndValid(vars);
    }

    @Test
    void theNameCheckRejectsTyposAndUnknownKafkaSettings() {
        assertThat(problemWithName("STREAMADAPT_BATCH_SIZE")).isEmpty();
        assertThat(problemWithName("STREAMADAPT_KAFKA_SASL_MECHANISM")).isEmpty();
        assertThat(problemWithName("STREAMADAPT_OPTS")).isEmpty();
        assertThat(problemWithName("STREAMADAPT_BATCHSIZE")).isPresent();
        assertThat(problemWithName("STREAMADAPT_KAFKA_SASL_MECHANISMS")).isPresent();
    }

    // ============================================================================================== Compose

    @Test
    void composeRunsOneKraftBrokerSetUpForExactlyOnceAndModelSizedRecords() {
        JsonNode kafka = composeService("kafka");
        String image = kafka.path("image").asText();
        assertThat(image).startsWith("apache/kafka:");
        assertThat(image.substring(image.indexOf(':') + 1)).as("broker version = kafka.version in pom.xml").isEqualTo(pomProperty("kafka.version"));
        Map<String, String> env = textMap(kafka.path("environment"));
        assertThat(env.get("KAFKA_PROCESS_ROLES")).contains("broker").contains("controller");
        assertThat(env).containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1");
        int modelMaxBytes = effective(composeEnv("streamadapt"), Settings.MODEL_MAX_BYTES);
        assertThat(Long.parseLong(env.get("KAFKA_MESSAGE_MAX_BYTES"))).as("message.max.bytes >= model.max.bytes")
                .isGreaterThanOrEqualTo(modelMaxBytes);
        assertThat(effective(composeEnv("streamadapt"), Settings.REPLICATION_FACTOR)).as("topics.replication on one broker").isEqualTo(1);

        Set<String> advertised = Arrays.stream(env.get("KAFKA_ADVERTISED_LISTENERS").split(","))
                .map(l -> l.substring(l.indexOf("://") + 3)).collect(Collectors.toSet());
        assertThat(advertised).as("the service's bootstrap address is an advertised listener")
                .contains(effective(composeEnv("streamadapt"), Settings.BOOTSTRAP_SERVERS));
        assertThat(advertised).as("the replay's bootstrap address").contains(replayBootstrap());
        assertThat(kafka.path("healthcheck").path("test").isMissingNode()).as("broker healthcheck").isFalse();
    }

    @Test
    void composeBuildsTheServiceFromTheDockerfileAndStartsItWhenTheBrokerIsHealthy() {
        JsonNode svc = composeService("streamadapt");
        Path composeDir = DeploymentFiles.composeFile().getParent();
        Path context = composeDir.resolve(svc.path("build").path("context").asText()).normalize();
        assertThat(context).isEqualTo(DeploymentFiles.root());
        assertThat(context.resolve(svc.path("build").path("dockerfile").asText()).normalize()).isEqualTo(DeploymentFiles.dockerfile());
        assertThat(svc.path("depends_on").path("kafka").path("condition").asText()).isEqualTo("service_healthy");
        assertThatCode(() -> configFrom(composeEnv("streamadapt"))).as("the service's configuration").doesNotThrowAnyException();

        String stateDir = effective(composeEnv("streamadapt"), Settings.STATE_DIR);
        assertThat(textList(svc.path("volumes"))).as("a volume holding " + stateDir)
                .anyMatch(v -> {
                    String target = v.split(":")[1];
                    return stateDir.equals(target) || stateDir.startsWith(target + "/");
                });
    }

    @Test
    void composeProbesAndPublishesTheServiceOnItsHttpPort() {
        JsonNode svc = composeService("streamadapt");
        int port = effective(composeEnv("streamadapt"), Settings.HTTP_PORT);
        assertThat(port).isEqualTo(HTTP_PORT);
        String test = String.join(" ", textList(svc.path("healthcheck").path("test")));
        Url url = firstUrl(test).orElseThrow(() -> new AssertionError("no URL in the healthcheck: " + test));
        assertThat(url.path()).isEqualTo(READY);
        assertThat(Integer.parseInt(url.port())).isEqualTo(port);
        assertThat(textList(svc.path("ports"))).as("published ports").anyMatch(p -> p.endsWith(":" + port));
    }

    @Test
    void composeGivesTheServiceLongerToStopThanItsShutdownTakes() {
        Duration grace = composeDuration(composeService("streamadapt").path("stop_grace_period").asText());
        Duration timeout = effective(composeEnv("streamadapt"), Settings.SHUTDOWN_TIMEOUT);
        assertThat(grace).as("stop_grace_period vs shutdown.timeout " + timeout + " plus 10s for the producer and the registry")
                .isGreaterThan(worstCaseShutdown(timeout));
    }

    @Test
    void composeReplaysAScenarioWithTheSameImageAndAnExistingCommand() {
        JsonNode replay = composeService("replay");
        assertThat(replay.path("image").asText()).isEqualTo(composeService("streamadapt").path("image").asText());
        List<String> entrypoint = textList(replay.path("entrypoint"));
        List<String> imageEntrypoint = jsonArray(single(dockerfile(), "ENTRYPOINT").args());
        assertThat(entrypoint).containsExactly(imageEntrypoint.get(0), "replay");
        List<String> args = new ArrayList<>(List.of("replay"));
        args.addAll(textList(replay.path("command")));
        assertThatCode(() -> cli().parseArgs(args.toArray(String[]::new))).as(String.join(" ", args)).doesNotThrowAnyException();
        assertThat(args).contains("--scenario", "--rate");
        // `docker compose run --rm replay <options>` replaces the command: the broker address must not live there
        assertThat(args).doesNotContain("--bootstrap-servers", "-b");
        assertThat(effective(composeEnv("replay"), Settings.BOOTSTRAP_SERVERS)).as("the replay's broker, from its environment")
                .isEqualTo(effective(composeEnv("streamadapt"), Settings.BOOTSTRAP_SERVERS));
        assertThat(replay.path("depends_on").path("streamadapt").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(replay.path("restart").asText()).isEqualTo("no");
        // the same application.id, so replay does not create a second <application.id>.training topic
        assertThat(effective(composeEnv("replay"), Settings.APPLICATION_ID))
                .isEqualTo(effective(composeEnv("streamadapt"), Settings.APPLICATION_ID));
    }

    @Test
    void composeHealthConditionsPointAtServicesWithHealthchecks() {
        JsonNode services = compose().path("services");
        services.properties().forEach(s -> s.getValue().path("depends_on").properties().forEach(d -> {
            if (d.getValue().path("condition").asText().equals("service_healthy")) {
                assertThat(services.path(d.getKey()).path("healthcheck").path("test").isMissingNode())
                        .as(s.getKey() + " waits for " + d.getKey() + " to be healthy, which needs a healthcheck").isFalse();
            }
        }));
    }

    @Test
    void prometheusScrapesTheServiceMetricsPathOnItsPort() {
        JsonNode prometheus = composeService("prometheus");
        Path composeDir = DeploymentFiles.composeFile().getParent();
        String configMount = textList(prometheus.path("volumes")).stream().filter(v -> v.contains("/etc/prometheus/prometheus.yml"))
                .findFirst().orElseThrow(() -> new AssertionError("prometheus.yml is not mounted"));
        Path config = composeDir.resolve(configMount.split(":")[0]).normalize();
        assertThat(config).exists();
        int port = effective(composeEnv("streamadapt"), Settings.HTTP_PORT);
        List<String> scrapes = new ArrayList<>();
        for (JsonNode job : readYaml(config).get(0).path("scrape_configs")) {
            String path = job.path("metrics_path").asText("/metrics");
            for (JsonNode sc : job.path("static_configs")) {
                for (JsonNode t : sc.path("targets")) scrapes.add(t.asText() + path);
            }
        }
        assertThat(scrapes).as("scrape targets").contains("streamadapt:" + port + METRICS);
    }

    @Test
    void composeMountsGrafanaProvisioningAndDashboardsThatExist() {
        Path composeDir = DeploymentFiles.composeFile().getParent();
        JsonNode services = compose().path("services");
        services.properties().forEach(s -> {
            for (String v : textList(s.getValue().path("volumes"))) {
                String source = v.split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    assertThat(composeDir.resolve(source).normalize()).as(s.getKey() + " mounts " + source).exists();
                }
            }
        });
        List<String> grafanaVolumes = textList(composeService("grafana").path("volumes"));
        assertThat(grafanaVolumes).anyMatch(v -> v.split(":")[1].equals("/etc/grafana/provisioning"));
        Path providers = composeDir.resolve("grafana/provisioning/dashboards");
        for (Path f : DeploymentFiles.yamlFiles(providers)) {
            for (JsonNode p : readYaml(f).get(0).path("providers")) {
                String path = p.path("options").path("path").asText();
                assertThat(grafanaVolumes).as("dashboards provider path " + path + " is mounted")
                        .anyMatch(v -> path.equals(v.split(":")[1]) || path.startsWith(v.split(":")[1] + "/"));
            }
        }
    }

    // ============================================================================================== Kubernetes

    /** The manifests of a directory as written, plus the ConfigMaps its kustomization generates from env files. */
    private static List<JsonNode> sourceManifests(String dir) {
        List<JsonNode> docs = new ArrayList<>();
        for (Path f : DeploymentFiles.yamlFiles(DeploymentFiles.root().resolve(dir))) {
            if (f.getFileName().toString().equals("kustomization.yaml")) {
                docs.addAll(generatedConfigMaps(f));
                continue;
            }
            docs.addAll(readYaml(f));
        }
        return docs;
    }

    private static List<JsonNode> generatedConfigMaps(Path kustomization) {
        List<JsonNode> maps = new ArrayList<>();
        for (JsonNode generator : readYaml(kustomization).get(0).path("configMapGenerator")) {
            if (generator.has("behavior")) {
                continue;
            }
            ObjectNode map = DeploymentFiles.YAML.createObjectNode();
            map.put("apiVersion", "v1").put("kind", "ConfigMap").putObject("metadata").put("name", generator.path("name").asText());
            ObjectNode data = map.putObject("data");
            for (JsonNode env : generator.path("envs")) {
                DeploymentFiles.readEnvFile(kustomization.resolveSibling(env.asText())).forEach(data::put);
            }
            maps.add(map);
        }
        return maps;
    }

    private static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    private static JsonNode named(List<JsonNode> docs, String kind, String name) {
        return ofKind(docs, kind).stream().filter(d -> d.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static JsonNode statefulSet(List<JsonNode> docs) {
        List<JsonNode> sets = ofKind(docs, "StatefulSet");
        assertThat(sets).as("StatefulSets").hasSize(1);
        return sets.get(0);
    }

    private static JsonNode container(JsonNode sts) {
        JsonNode containers = sts.path("spec").path("template").path("spec").path("containers");
        for (JsonNode c : containers) if (c.path("name").asText().equals("streamadapt")) return c;
        throw new AssertionError("no container named streamadapt");
    }

    /** What the container's process sees: the image's variables, then envFrom in order, then env. */
    private static Map<String, String> podEnv(List<JsonNode> docs, JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>(imageEnv());
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                env.putAll(textMap(named(docs, "ConfigMap", from.path("configMapRef").path("name").asText()).path("data")));
            }
            if (from.has("secretRef")) {
                String secret = from.path("secretRef").path("name").asText();
                assertThat(ofKind(docs, "Secret")).as("credentials are not part of the deployment").noneMatch(
                        s -> s.path("metadata").path("name").asText().equals(secret));
                assertThat(from.path("secretRef").path("optional").asBoolean()).as("secretRef " + secret + " is optional").isTrue();
            }
        }
        for (JsonNode e : container.path("env")) {
            String name = e.path("name").asText();
            if (e.has("value")) env.put(name, e.get("value").asText());
            else if (e.path("valueFrom").path("fieldRef").path("fieldPath").asText().equals("metadata.name")) env.put(name, SAMPLE_POD_NAME);
        }
        return streamAdaptOnly(env);
    }

    /** A probe's or Service's port: a number, or the name of a container port. */
    private static int containerPort(JsonNode container, JsonNode port) {
        if (port.isInt() || port.asText().matches("\\d+")) return port.asInt();
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(port.asText())) return p.path("containerPort").asInt();
        }
        throw new AssertionError("no container port named " + port.asText());
    }

    private static void assertProbe(JsonNode container, String probe, String path, int port) {
        JsonNode get = container.path(probe).path("httpGet");
        assertThat(get.isObject()).as(probe + " is an HTTP probe").isTrue();
        assertThat(get.path("path").asText()).as(probe + " path").isEqualTo(path);
        assertThat(containerPort(container, get.path("port"))).as(probe + " port").isEqualTo(port);
    }

    /** Everything the Kubernetes deployment must agree on with the code, for source files or rendered output. */
    private static void assertKubernetesDeployment(List<JsonNode> docs, boolean rendered) {
        assertKubernetesDeployment(docs, rendered, false);
    }

    /** ServiceMonitor: one Service, its HTTP port, /metrics. */
    private static void assertServiceMonitor(List<JsonNode> docs, JsonNode c, List<JsonNode> services, int port) {
        List<JsonNode> monitors = ofKind(docs, "ServiceMonitor");
        assertThat(monitors).hasSize(1);
        JsonNode monitor = monitors.get(0);
        assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        List<JsonNode> monitored = services.stream()
                .filter(s -> selects(monitor.path("spec").path("selector").path("matchLabels"), s.path("metadata").path("labels"))).toList();
        assertThat(monitored).as("Services the ServiceMonitor selects (one, so each pod is scraped once)").hasSize(1);
        assertThat(monitor.path("spec").path("endpoints")).isNotEmpty();
        for (JsonNode ep : monitor.path("spec").path("endpoints")) {
            assertThat(ep.path("path").asText(METRICS)).isEqualTo(METRICS);
            JsonNode servicePort = null;
            for (JsonNode p : monitored.get(0).path("spec").path("ports")) if (p.path("name").asText().equals(ep.path("port").asText())) servicePort = p;
            assertThat(servicePort).as("ServiceMonitor port " + ep.path("port").asText() + " on the Service").isNotNull();
            assertThat(containerPort(c, servicePort.path("targetPort"))).isEqualTo(port);
        }
    }

    private static void assertKubernetesDeployment(List<JsonNode> docs, boolean rendered, boolean withMonitoring) {
        JsonNode sts = statefulSet(docs);
        JsonNode pod = sts.path("spec").path("template");
        JsonNode podLabels = pod.path("metadata").path("labels");
        JsonNode c = container(sts);
        assertThat(selects(sts.path("spec").path("selector").path("matchLabels"), podLabels)).as("StatefulSet selector").isTrue();

        Map<String, String> env = podEnv(docs, c);
        assertThatCode(() -> configFrom(env)).as("the pod's configuration " + env).doesNotThrowAnyException();
        Config config = configFrom(env);
        List<Variable> vars = new ArrayList<>();
        env.forEach((k, v) -> vars.add(new Variable(k, v, "pod environment")));
        assertVariablesAreKnownAndValid(vars);

        // group.instance.id from the pod name
        JsonNode instanceId = null;
        for (JsonNode e : c.path("env")) if (e.path("name").asText().equals("STREAMADAPT_KAFKA_GROUP_INSTANCE_ID")) instanceId = e;
        assertThat(instanceId).as("STREAMADAPT_KAFKA_GROUP_INSTANCE_ID").isNotNull();
        assertThat(instanceId.path("valueFrom").path("fieldRef").path("fieldPath").asText()).isEqualTo("metadata.name");
        assertThat(config.kafkaClientProperties()).containsEntry("group.instance.id", SAMPLE_POD_NAME);

        // ports and probes
        int port = config.get(Settings.HTTP_PORT);
        assertThat(port).isEqualTo(HTTP_PORT);
        assertThat(containerPort(c, c.path("ports").get(0).path("name"))).isEqualTo(port);
        assertProbe(c, "readinessProbe", READY, port);
        assertProbe(c, "livenessProbe", HEALTH, port);
        if (c.has("startupProbe")) assertProbe(c, "startupProbe", HEALTH, port);

        // shutdown
        Duration timeout = config.get(Settings.SHUTDOWN_TIMEOUT);
        long grace = pod.path("spec").path("terminationGracePeriodSeconds").asLong(30);
        assertThat(Duration.ofSeconds(grace)).as("terminationGracePeriodSeconds vs shutdown.timeout " + timeout)
                .isGreaterThan(timeout)
                .isGreaterThan(worstCaseShutdown(timeout));

        // state on a persistent volume
        String stateDir = config.get(Settings.STATE_DIR);
        Set<String> claims = new java.util.HashSet<>();
        sts.path("spec").path("volumeClaimTemplates").forEach(t -> claims.add(t.path("metadata").path("name").asText()));
        assertThat(claims).as("volumeClaimTemplates").isNotEmpty();
        List<String> claimMounts = new ArrayList<>();
        for (JsonNode m : c.path("volumeMounts")) if (claims.contains(m.path("name").asText())) claimMounts.add(m.path("mountPath").asText());
        assertThat(claimMounts).as("a persistent volume holding state.dir " + stateDir)
                .anyMatch(m -> stateDir.equals(m) || stateDir.startsWith(m + "/"));

        // resources
        JsonNode res = c.path("resources");
        for (String r : List.of("requests", "limits")) {
            assertThat(res.path(r).has("cpu")).as(r + ".cpu").isTrue();
            assertThat(res.path(r).has("memory")).as(r + ".memory").isTrue();
        }
        assertThat(memoryBytes(res.path("limits").path("memory").asText()))
                .isGreaterThanOrEqualTo(memoryBytes(res.path("requests").path("memory").asText()));
        assertThat(milliCpu(res.path("limits").path("cpu").asText())).isGreaterThanOrEqualTo(milliCpu(res.path("requests").path("cpu").asText()));

        // Services: every port reaches the HTTP port
        List<JsonNode> services = ofKind(docs, "Service").stream().filter(s -> selects(s.path("spec").path("selector"), podLabels)).toList();
        assertThat(services).as("Services selecting the pods").isNotEmpty();
        assertThat(services).anyMatch(s -> !"None".equals(s.path("spec").path("clusterIP").asText()));
        assertThat(services).as("the StatefulSet's governing Service")
                .anyMatch(s -> s.path("metadata").path("name").asText().equals(sts.path("spec").path("serviceName").asText()));
        for (JsonNode s : services) {
            for (JsonNode p : s.path("spec").path("ports")) {
                JsonNode target = p.has("targetPort") ? p.path("targetPort") : p.path("port");
                assertThat(containerPort(c, target)).as("Service " + s.path("metadata").path("name").asText() + " port").isEqualTo(port);
            }
        }

        // the base applies without the Prometheus Operator's CRDs: its objects come with the optional component
        if (!withMonitoring) {
            assertThat(docs).as("Prometheus Operator objects without the component")
                    .noneMatch(d -> d.path("apiVersion").asText().startsWith("monitoring.coreos.com/"));
        } else {
            assertServiceMonitor(docs, c, services, port);
        }

        // no Kubernetes API access: own ServiceAccount, no token
        JsonNode podSpec = pod.path("spec");
        String account = podSpec.path("serviceAccountName").asText();
        assertThat(account).as("serviceAccountName").isNotBlank();
        assertThat(podSpec.path("automountServiceAccountToken").asBoolean(true)).as("pod automountServiceAccountToken").isFalse();
        assertThat(named(docs, "ServiceAccount", account).path("automountServiceAccountToken").asBoolean(true))
                .as("ServiceAccount automountServiceAccountToken").isFalse();

        // NetworkPolicy: in, the HTTP port only; out, Kafka and DNS only
        List<JsonNode> policies = ofKind(docs, "NetworkPolicy");
        assertThat(policies).hasSize(1);
        JsonNode policy = policies.get(0).path("spec");
        assertThat(selects(policy.path("podSelector").path("matchLabels"), podLabels)).as("NetworkPolicy selects the pods").isTrue();
        assertThat(textList(policy.path("policyTypes"))).containsExactlyInAnyOrder("Ingress", "Egress");
        List<Integer> ingressPorts = new ArrayList<>();
        for (JsonNode rule : policy.path("ingress")) {
            for (JsonNode p : rule.path("ports")) ingressPorts.add(containerPort(c, p.path("port")));
        }
        assertThat(ingressPorts).as("ingress ports").containsOnly(port);
        List<Integer> egressPorts = new ArrayList<>();
        for (JsonNode rule : policy.path("egress")) {
            for (JsonNode p : rule.path("ports")) {
                assertThat(p.has("port")).as("every egress rule names its ports").isTrue();
                for (int e = p.path("port").asInt(); e <= p.path("endPort").asInt(p.path("port").asInt()); e++) egressPorts.add(e);
            }
        }
        assertThat(egressPorts).as("egress ports: Kafka and DNS").contains(9092, 53).allMatch(p -> p == 53 || (p >= 9092 && p <= 9094));

        // the trainer's standby copy promised in statefulset.yaml
        assertThat(config.kafkaClientProperties()).as("kafka.num.standby.replicas").containsEntry("num.standby.replicas", "1");
        assertThat(sts.path("spec").path("replicas").asInt()).as("a second pod to hold the standby").isGreaterThanOrEqualTo(2);

        // PodDisruptionBudget
        List<JsonNode> pdbs = ofKind(docs, "PodDisruptionBudget");
        assertThat(pdbs).hasSize(1);
        assertThat(pdbs.get(0).path("apiVersion").asText()).isEqualTo("policy/v1");
        assertThat(selects(pdbs.get(0).path("spec").path("selector").path("matchLabels"), podLabels)).isTrue();
        int replicas = sts.path("spec").path("replicas").asInt(1);
        JsonNode minAvailable = pdbs.get(0).path("spec").path("minAvailable");
        if (minAvailable.isInt()) assertThat(minAvailable.asInt()).as("minAvailable leaves room to drain a node").isLessThan(replicas);
        else assertThat(pdbs.get(0).path("spec").path("maxUnavailable").asInt()).isPositive();

        // Namespace
        List<JsonNode> namespaces = ofKind(docs, "Namespace");
        assertThat(namespaces).hasSize(1);
        if (rendered) {
            String ns = namespaces.get(0).path("metadata").path("name").asText();
            for (JsonNode d : docs) {
                String kind = d.path("kind").asText();
                // Strimzi's operators watch the Kafka cluster's namespace
                if (kind.equals("Namespace") || kind.equals("KafkaTopic") || kind.equals("KafkaUser")) continue;
                assertThat(d.path("metadata").path("namespace").asText()).as(kind + " namespace").isEqualTo(ns);
            }
        }
    }

    /** Edge and trainer close one after the other, each within shutdown.timeout, then the ops producer (5s). */
    /** Both Streams clients close at once within the timeout; then the producer and the registry get up to 5 s each. */
    private static Duration worstCaseShutdown(Duration timeout) {
        return timeout.plusSeconds(10);
    }

    @SuppressWarnings("unchecked")
    private static List<NewTopic> topicPlan(Config config) throws Exception {
        Method plan = TopicAdmin.class.getDeclaredMethod("plan", Topics.class, Config.class);
        plan.setAccessible(true);
        return (List<NewTopic>) plan.invoke(null, Topics.from(config), config);
    }

    /** The KafkaTopics are the topics TopicAdmin would create for this configuration, with the same settings. */
    private static void assertStrimziTopicsMatchTheService(List<JsonNode> topics, Config config) throws Exception {
        assertThat(topics).as("KafkaTopic resources").isNotEmpty();
        Map<String, JsonNode> byName = new TreeMap<>();
        for (JsonNode t : topics) {
            assertThat(t.path("apiVersion").asText()).as("Strimzi's v1 API (v1beta2 is deprecated since 0.49, gone in 1.0)")
                    .isEqualTo("kafka.strimzi.io/v1");
            assertThat(t.path("metadata").path("labels").path("strimzi.io/cluster").asText()).as("strimzi.io/cluster label").isNotEmpty();
            String name = t.path("spec").path("topicName").asText(t.path("metadata").path("name").asText());
            assertThat(byName.put(name, t)).as("topic " + name + " declared once").isNull();
        }
        List<NewTopic> plan = topicPlan(config);
        assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(plan.stream().map(NewTopic::name).toList());
        assertThat(byName.keySet()).as("the default topic names").contains(Settings.TOPIC_LABELED.fallback(), Settings.TOPIC_REQUESTS.fallback(),
                Settings.TOPIC_PREDICTIONS.fallback(), Settings.TOPIC_MODELS.fallback(), Settings.TOPIC_DLQ.fallback(),
                Settings.APPLICATION_ID.fallback() + ".training");
        for (NewTopic expected : plan) {
            JsonNode spec = byName.get(expected.name()).path("spec");
            assertThat(spec.path("partitions").asInt()).as(expected.name() + " partitions").isEqualTo(expected.numPartitions());
            assertThat(spec.path("replicas").asInt()).as(expected.name() + " replicas").isEqualTo(expected.replicationFactor());
            Map<String, String> declared = textMap(spec.path("config"));
            Map<String, String> wanted = expected.configs() == null ? Map.of() : expected.configs();
            assertThat(declared).as(expected.name() + " config").containsAllEntriesOf(wanted);
        }
        JsonNode models = byName.get(config.get(Settings.TOPIC_MODELS)).path("spec");
        assertThat(models.path("config").path("cleanup.policy").asText()).isEqualTo("compact");
        assertThat(models.path("config").path("max.message.bytes").asLong()).isGreaterThanOrEqualTo(config.get(Settings.MODEL_MAX_BYTES));
        assertThat(byName.get(config.get(Settings.APPLICATION_ID) + ".training").path("spec").path("partitions").asInt())
                .as("one trainer task: the training topic has one partition").isEqualTo(1);
    }

    @Test
    void kubernetesBaseProbesMonitorsAndStoresStateTheWayTheServiceExpects() {
        assertKubernetesDeployment(sourceManifests("k8s/base"), false);
    }

    @Test
    void kubernetesBaseLeavesCredentialsOutAndTheExampleSecretHoldsOnlyPassThroughSettings() {
        List<JsonNode> base = sourceManifests("k8s/base");
        assertThat(ofKind(base, "Secret")).as("Secrets in the base").isEmpty();
        String baseKustomization = read(DeploymentFiles.root().resolve("k8s/base/kustomization.yaml"));
        assertThat(baseKustomization).doesNotContain("examples");
        List<JsonNode> allSecrets = ofKind(sourceManifests("k8s/examples"), "Secret");
        List<JsonNode> secrets = allSecrets.stream().filter(s -> s.path("metadata").path("name").asText().equals("streamadapt-kafka")).toList();
        assertThat(secrets).isNotEmpty();
        JsonNode admin = allSecrets.stream().filter(s -> s.path("metadata").path("name").asText().equals("streamadapt-admin"))
                .findFirst().orElseThrow(() -> new AssertionError("k8s/examples has no streamadapt-admin Secret"));
        assertThat(textMap(admin.path("stringData")).keySet()).as("the admin token Secret holds only the token").containsExactly("token");
        JsonNode tokenVariable = StreamSupport.stream(container(statefulSet(base)).path("env").spliterator(), false)
                .filter(e -> e.path("name").asText().equals(Settings.HTTP_ADMIN_TOKEN.envName())).findFirst()
                .orElseThrow(() -> new AssertionError("the StatefulSet does not read " + Settings.HTTP_ADMIN_TOKEN.envName()));
        assertThat(tokenVariable.path("valueFrom").path("secretKeyRef").path("name").asText()).isEqualTo("streamadapt-admin");
        assertThat(tokenVariable.path("valueFrom").path("secretKeyRef").path("key").asText()).isEqualTo("token");
        for (JsonNode s : secrets) {
            Map<String, String> data = textMap(s.path("stringData"));
            assertThat(data.keySet()).allMatch(k -> k.startsWith(DeploymentFiles.KAFKA_VARIABLE_PREFIX));
            Config config = configFrom(data);
            assertThat(config.kafkaClientProperties()).containsKeys("security.protocol", "sasl.mechanism", "sasl.jaas.config");
            assertThat(config.describe().get("kafka.sasl.jaas.config")).as("the password is masked in the start-up log").isEqualTo("****");
        }
    }

    @Test
    void strimziTopicsMatchTheTopicsTheServiceCreates() throws Exception {
        List<JsonNode> base = sourceManifests("k8s/base");
        Config config = configFrom(podEnv(base, container(statefulSet(base))));
        assertStrimziTopicsMatchTheService(ofKind(sourceManifests("k8s/overlays/strimzi"), "KafkaTopic"), config);
    }

    private static List<JsonNode> kustomize(String dir) {
        Path kubectl = DeploymentFiles.onPath("kubectl").orElseThrow(() -> new AssertionError(
                "kubectl is not on PATH: install it (Debian: apt-get install kubernetes-client; .ci/run does) to render k8s/ with kustomize"));
        DeploymentFiles.Run r = DeploymentFiles.run(DeploymentFiles.root(), KUBECTL_TIMEOUT, kubectl.toString(), "kustomize", dir);
        if (r.exitCode() != 0) fail("kubectl kustomize " + dir + " failed (exit " + r.exitCode() + "):\n" + r.output());
        return readYaml(r.output());
    }

    @Test
    void theRootKustomizationRendersADeploymentThatPassesTheSameChecks() {
        List<JsonNode> docs = kustomize("k8s");
        assertKubernetesDeployment(docs, true);
        assertThat(ofKind(docs, "ServiceMonitor")).as("no Prometheus Operator object in the base").isEmpty();
        assertThat(ofKind(docs, "PrometheusRule")).as("no Prometheus Operator object in the base").isEmpty();
        assertThat(ofKind(docs, "Secret")).isEmpty();
    }

    @Test
    void theStrimziOverlayRendersTheDeploymentAndTheServicesTopics() throws Exception {
        List<JsonNode> docs = kustomize("k8s/overlays/strimzi");
        assertKubernetesDeployment(docs, true);
        JsonNode c = container(statefulSet(docs));
        Config config = configFrom(podEnv(docs, c));
        assertThat(config.get(Settings.BOOTSTRAP_SERVERS)).as("Strimzi's bootstrap Service").contains("-kafka-bootstrap.");
        assertStrimziTopicsMatchTheService(ofKind(docs, "KafkaTopic"), config);
    }

    @Test
    void theExampleOverlayAddsTheMonitoringComponentsToTheSameDeployment() {
        List<JsonNode> docs = kustomize("k8s/overlays/example");
        assertKubernetesDeployment(docs, true, true);
        assertThat(ofKind(docs, "PrometheusRule")).hasSize(1);
        assertThat(ofKind(docs, "ConfigMap")).anyMatch(m -> m.path("metadata").path("labels").path("grafana_dashboard").asText().equals("1"));
        JsonNode c = container(statefulSet(docs));
        assertThat(configFrom(podEnv(docs, c)).get(Settings.BATCH_SIZE)).as("the overlay's merged setting").isEqualTo(100);
    }

    @Test
    void aSettingsEditRenamesTheGeneratedConfigMapSoThePodsRoll() {
        List<JsonNode> base = kustomize("k8s");
        List<JsonNode> example = kustomize("k8s/overlays/example");
        String baseName = container(statefulSet(base)).path("envFrom").get(0).path("configMapRef").path("name").asText();
        String exampleName = container(statefulSet(example)).path("envFrom").get(0).path("configMapRef").path("name").asText();

        assertThat(baseName).startsWith("streamadapt-config-");
        assertThat(exampleName).startsWith("streamadapt-config-").isNotEqualTo(baseName);
    }

    /** A Java -Dname=value option's value in bytes (JavaCPP's k, m, g suffixes). */
    private static long byteOption(String opts, String name) {
        Matcher m = Pattern.compile("-D" + Pattern.quote(name) + "=(\\d+)([kmg]?)").matcher(opts);
        assertThat(m.find()).as(name + " in " + opts).isTrue();
        long unit = switch (m.group(2)) {
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            default -> 1L;
        };
        return Long.parseLong(m.group(1)) * unit;
    }

    @Test
    void javacppLimitsAndTheHeapFitTheMemoryLimit() {
        List<JsonNode> docs = kustomize("k8s");
        JsonNode c = container(statefulSet(docs));
        long limit = memoryBytes(c.path("resources").path("limits").path("memory").asText());
        String javaOpts = dockerfileEnv(dockerfile()).get("JAVA_OPTS");
        Matcher percent = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(javaOpts);
        assertThat(percent.find()).as("the image sizes the heap from the memory limit").isTrue();
        long heap = limit * Integer.parseInt(percent.group(1)) / 100;
        String opts = podEnv(docs, c).get(DeploymentFiles.OPTS_VARIABLE);
        assertThat(opts).as(DeploymentFiles.OPTS_VARIABLE).isNotNull();
        long maxBytes = byteOption(opts, "org.bytedeco.javacpp.maxBytes");
        long maxPhysicalBytes = byteOption(opts, "org.bytedeco.javacpp.maxPhysicalBytes");

        assertThat(maxPhysicalBytes).as("JavaCPP's process limit stops allocations before the kernel's OOM kill").isLessThan(limit);
        assertThat(heap + maxBytes).as("heap plus ND4J's off-heap arrays fit under the process limit").isLessThan(maxPhysicalBytes);
    }

    @Test
    void theStrimziKafkaUserGrantsExactlyWhatTheServiceNeeds() throws Exception {
        List<JsonNode> docs = kustomize("k8s/overlays/strimzi");
        List<JsonNode> users = ofKind(docs, "KafkaUser");
        assertThat(users).hasSize(1);
        JsonNode user = users.get(0);
        assertThat(user.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1");
        assertThat(user.path("metadata").path("labels").path("strimzi.io/cluster").asText())
                .isEqualTo(ofKind(docs, "KafkaTopic").get(0).path("metadata").path("labels").path("strimzi.io/cluster").asText());
        Config config = configFrom(podEnv(docs, container(statefulSet(docs))));
        String app = config.get(Settings.APPLICATION_ID);

        Map<String, Set<String>> granted = new TreeMap<>();
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            JsonNode r = acl.path("resource");
            String key = r.path("type").asText() + ":" + r.path("name").asText("") + ":" + r.path("patternType").asText("literal");
            assertThat(granted.put(key, new TreeSet<>(textList(acl.path("operations"))))).as("one ACL entry per resource " + key).isNull();
        }
        Map<String, Set<String>> expected = new TreeMap<>();
        expected.put("topic:" + config.get(Settings.TOPIC_LABELED) + ":literal", Set.of("Describe", "Read"));
        expected.put("topic:" + config.get(Settings.TOPIC_REQUESTS) + ":literal", Set.of("Describe", "Read"));
        expected.put("topic:" + config.get(Settings.TOPIC_PREDICTIONS) + ":literal", Set.of("Describe", "Write"));
        expected.put("topic:" + config.get(Settings.TOPIC_DLQ) + ":literal", Set.of("Describe", "Write"));
        expected.put("topic:" + config.get(Settings.TOPIC_MODELS) + ":literal", Set.of("Describe", "Read", "Write"));
        expected.put("topic:" + app + ":prefix", Set.of("Create", "Delete", "Describe", "DescribeConfigs", "Read", "Write"));
        expected.put("group:" + app + ":prefix", Set.of("Describe", "Read"));
        expected.put("transactionalId:" + app + ":prefix", Set.of("Describe", "Write"));
        expected.put("cluster::literal", Set.of("Describe"));
        assertThat(granted).isEqualTo(expected);
        // every topic the service uses is covered: the fixed names, or the application id's prefix
        for (NewTopic t : topicPlan(config)) {
            assertThat(granted.containsKey("topic:" + t.name() + ":literal") || t.name().startsWith(app)).as("ACL for " + t.name()).isTrue();
        }
    }

    @Test
    void yamllintAcceptsTheDockerAndKubernetesFiles() {
        Path yamllint = DeploymentFiles.onPath("yamllint").orElseThrow(() -> new AssertionError(
                "yamllint is not on PATH: install it (Debian: apt-get install yamllint; .ci/run does)"));
        Path root = DeploymentFiles.root();
        assertThat(root.resolve(".yamllint.yml")).exists();
        DeploymentFiles.Run r = DeploymentFiles.run(root, Duration.ofSeconds(60), yamllint.toString(), "-c", ".yamllint.yml",
                "-f", "parsable", "docker", "k8s", ".yamllint.yml");
        assertThat(r.exitCode()).as("yamllint output:\n" + r.output()).isZero();
    }

    // ============================================================================================== helpers

    private static Instruction single(List<Instruction> in, String keyword) {
        List<Instruction> found = in.stream().filter(i -> i.keyword().equals(keyword)).toList();
        assertThat(found).as(keyword + " instructions").hasSize(1);
        return found.get(0);
    }

    private static String replayBootstrap() {
        List<String> command = textList(composeService("replay").path("command"));
        int i = command.indexOf("--bootstrap-servers");
        return i >= 0 ? command.get(i + 1) : effective(composeEnv("replay"), Settings.BOOTSTRAP_SERVERS);
    }

    /** The Docker platform of the natives .mvn/maven.config selects (javacpp.platform linux-x86_64 is linux/amd64). */
    private static String imagePlatform() {
        Matcher m = Pattern.compile("-Djavacpp\\.platform=(\\S+)").matcher(read(DeploymentFiles.root().resolve(".mvn/maven.config")));
        assertThat(m.find()).as("javacpp.platform in .mvn/maven.config").isTrue();
        return switch (m.group(1)) {
            case "linux-x86_64" -> "linux/amd64";
            case "linux-arm64" -> "linux/arm64";
            default -> throw new AssertionError("no Linux image for javacpp.platform " + m.group(1));
        };
    }

    private static String pomProperty(String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(read(DeploymentFiles.root().resolve("pom.xml")));
        assertThat(m.find()).as("pom.xml property " + name).isTrue();
        return m.group(1).strip();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package io.streamadapt.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {

    @TempDir
    Path dir;

    private Path propertiesFile(String content) throws IOException {
        Path file = dir.resolve("streamadapt.properties");
        Files.writeString(file, content);
        return file;
    }

    @Test
    void defaultsAreTheDocumentedFallbacks() {
        Config config = Config.defaults();

        assertThat(config.get(Settings.BOOTSTRAP_SERVERS)).isEmpty();
        assertThat(config.get(Settings.APPLICATION_ID)).isEqualTo("streamadapt");
        assertThat(config.get(Settings.PROCESSING_GUARANTEE)).isEqualTo("exactly_once_v2");
        assertThat(config.get(Settings.TOPIC_LABELED)).isEqualTo("adapt.labeled");
        assertThat(config.get(Settings.TOPIC_REQUESTS)).isEqualTo("adapt.requests");
        assertThat(config.get(Settings.TOPIC_PREDICTIONS)).isEqualTo("adapt.predictions");
        assertThat(config.get(Settings.TOPIC_MODELS)).isEqualTo("adapt.models");
        assertThat(config.get(Settings.TOPIC_DLQ)).isEqualTo("adapt.dlq");
        assertThat(config.get(Settings.RECORD_MAX_BYTES)).isEqualTo(262_144);
        assertThat(config.get(Settings.BATCH_SIZE)).isEqualTo(50);
        assertThat(config.get(Settings.BATCH_MAX_WAIT)).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.get(Settings.STRATEGY)).isEqualTo("joint");
        assertThat(config.get(Settings.LEARNING_RATE)).isEqualTo(0.003);
        assertThat(config.get(Settings.ALLOW_NEW_LABELS)).isFalse();
        assertThat(config.get(Settings.SHUTDOWN_TIMEOUT)).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.get(Settings.SEED)).isEqualTo(42L);
    }

    @Test
    void everyDefaultParsesToAValue() {
        Config config = Config.defaults();

        for (Setting<?> setting : Settings.ALL) {
            assertThat(config.get(setting)).as(setting.key()).isNotNull();
        }
    }

    @Test
    void environmentOverridesThePropertiesFileAndOverridesWinOverBoth() throws IOException {
        Path file = propertiesFile("""
                batch.size=10
                finetune.epochs=7
                seed=1
                """);
        Map<String, String> env = Map.of("STREAMADAPT_BATCH_SIZE", "20", "STREAMADAPT_FINETUNE_EPOCHS", "8");
        Map<String, String> overrides = Map.of("batch.size", "30");

        Config config = Config.load(file, env, overrides);

        assertThat(config.get(Settings.BATCH_SIZE)).isEqualTo(30);
        assertThat(config.get(Settings.EPOCHS)).isEqualTo(8);
        assertThat(config.get(Settings.SEED)).isEqualTo(1L);
        assertThat(config.get(Settings.MINIBATCH)).isEqualTo(32);
    }

    @Test
    void loadsWithoutAPropertiesFile() {
        Config config = Config.load(null, Map.of("STREAMADAPT_BATCH_MAX_WAIT", "5m"), Map.of("finetune.strategy", "head"));

        assertThat(config.get(Settings.BATCH_MAX_WAIT)).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.get(Settings.STRATEGY)).isEqualTo("head");
    }

    @Test
    void mapsEnvironmentNamesWithHyphenatedKeys() {
        Config config = Config.load(null, Map.of("STREAMADAPT_FINETUNE_LEARNING_RATE", "0.01",
                "STREAMADAPT_LABELS_ALLOW_NEW", "TRUE"), Map.of());

        assertThat(config.get(Settings.LEARNING_RATE)).isEqualTo(0.01);
        assertThat(config.get(Settings.ALLOW_NEW_LABELS)).isTrue();
        assertThat(Settings.LEARNING_RATE.envName()).isEqualTo("STREAMADAPT_FINETUNE_LEARNING_RATE");
    }

    @Test
    void ignoresUnrelatedEnvironmentVariablesAndTheJvmOptionsVariable() {
        Config config = Config.load(null, Map.of("PATH", "/usr/bin", "HOME", "/root", "STREAMADAPT_OPTS", "-Xmx1g"),
                Map.of());

        assertThat(config.describe()).isEqualTo(Config.defaults().describe());
    }

    @Test
    void trimsSurroundingWhitespaceFromValues() throws IOException {
        Config config = Config.load(propertiesFile("batch.size =  64  \n"), Map.of(), Map.of());

        assertThat(config.get(Settings.BATCH_SIZE)).isEqualTo(64);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "batch.size              | 0     | '0' must be between 1 and 100000",
            "batch.size              | ten   | 'ten' is not an integer",
            "batch.max.wait          | abc   | 'abc' is not a duration (use e.g. 500ms, 30s, 5m)",
            "batch.max.wait          | 0s    | '0s' must be positive",
            "batch.max.wait          | -5m   | '-5m' must be positive",
            "finetune.strategy       | foo   | 'foo' must be one of [auto, head, full, joint]",
            "processing.guarantee    | exactly_once | 'exactly_once' must be one of [exactly_once_v2, at_least_once]",
            "finetune.learning-rate  | NaN   | 'NaN' must be between 1.0E-7 and 10.0",
            "finetune.dropout        | 0.95  | '0.95' must be between 0.0 and 0.9",
            "gate.margin             | x     | 'x' is not a number",
            "labels.allow-new        | yes   | 'yes' must be true or false",
            "http.port               | 70000 | '70000' must be between 0 and 65535",
            "application.id          | \" \"   | ' ' must not be empty",
    })
    void rejectsABadValueNamingTheKeyAndTheReason(String key, String value, String reason) {
        assertThatThrownBy(() -> Config.of(Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration '" + key + "': " + reason);
    }

    @Test
    void rejectsABadSeedNamingTheKey() {
        assertThatThrownBy(() -> Config.of(Map.of("seed", "abc")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid configuration 'seed': 'abc'");
    }

    @Test
    void rejectsABadValueFromTheEnvironmentNamingTheKey() {
        assertThatThrownBy(() -> Config.load(null, Map.of("STREAMADAPT_BATCH_SIZE", "0"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration 'batch.size': '0' must be between 1 and 100000");
    }

    @Test
    void aValidOverrideRepairsABadValueFromTheFile() throws IOException {
        Config config = Config.load(propertiesFile("batch.size=0\n"), Map.of(), Map.of("batch.size", "5"));

        assertThat(config.get(Settings.BATCH_SIZE)).isEqualTo(5);
    }

    @Test
    void rejectsAnUnknownKey() {
        assertThatThrownBy(() -> Config.of(Map.of("batch.sise", "10")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid configuration 'batch.sise': unknown key");
    }

    @Test
    void rejectsAnUnknownKeyInThePropertiesFile() throws IOException {
        Path file = propertiesFile("sasl.mechanism=PLAIN\n");

        assertThatThrownBy(() -> Config.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'sasl.mechanism'")
                .hasMessageContaining("prefix 'kafka.'");
    }

    @Test
    void rejectsAnUnknownStreamAdaptEnvironmentVariable() {
        assertThatThrownBy(() -> Config.load(null, Map.of("STREAMADAPT_BATCH_SISE", "10"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration 'STREAMADAPT_BATCH_SISE': unknown environment variable (no such key)");
    }

    @Test
    void reportsAPropertiesFileThatCannotBeRead() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> Config.load(missing, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid configuration '--config': cannot read " + missing);
    }

    @Test
    void passesKafkaKeysThroughWithoutThePrefixAndAddsBootstrapServers() {
        Config config = Config.of(Map.of(
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "PLAIN",
                "kafka.request.timeout.ms", "40000",
                "bootstrap.servers", "broker-1:9093,broker-2:9093",
                "batch.size", "10"));

        assertThat(config.kafkaClientProperties()).containsOnly(
                entry("security.protocol", "SASL_SSL"),
                entry("sasl.mechanism", "PLAIN"),
                entry("request.timeout.ms", "40000"),
                entry("bootstrap.servers", "broker-1:9093,broker-2:9093"));
    }

    @Test
    void leavesBootstrapServersOutWhenNoneIsConfigured() {
        assertThat(Config.defaults().kafkaClientProperties()).isEmpty();
    }

    @Test
    void mapsKafkaEnvironmentVariablesToKafkaKeys() {
        Config config = Config.load(null, Map.of(
                "STREAMADAPT_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "STREAMADAPT_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "STREAMADAPT_BOOTSTRAP_SERVERS", "broker:9093"), Map.of());

        assertThat(config.describe()).containsEntry("kafka.sasl.mechanism", "SCRAM-SHA-512");
        assertThat(config.kafkaClientProperties()).containsOnly(
                entry("sasl.mechanism", "SCRAM-SHA-512"),
                entry("security.protocol", "SASL_SSL"),
                entry("bootstrap.servers", "broker:9093"));
    }

    @Test
    void anOverrideWinsOverAKafkaEnvironmentVariable() {
        Config config = Config.load(null, Map.of("STREAMADAPT_KAFKA_SASL_MECHANISM", "PLAIN"),
                Map.of("kafka.sasl.mechanism", "SCRAM-SHA-256"));

        assertThat(config.kafkaClientProperties()).containsEntry("sasl.mechanism", "SCRAM-SHA-256");
    }

    @Test
    void withReturnsAValidatedCopyAndLeavesTheOriginalUnchanged() {
        Config original = Config.of(Map.of("batch.size", "10"));

        Config changed = original.with("batch.size", "20");

        assertThat(changed.get(Settings.BATCH_SIZE)).isEqualTo(20);
        assertThat(original.get(Settings.BATCH_SIZE)).isEqualTo(10);
        assertThatThrownBy(() -> original.with("batch.size", "-1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'batch.size'");
    }

    @Test
    void describeListsEveryKeyWithItsEffectiveValue() {
        Map<String, String> described = Config.of(Map.of("batch.size", "12", "kafka.client.id", "c1")).describe();

        assertThat(described.keySet()).containsAll(Settings.ALL.stream().map(Setting::key).toList());
        assertThat(described).containsEntry("batch.size", "12")
                .containsEntry("batch.max.wait", "PT30S")
                .containsEntry("kafka.client.id", "c1");
    }

    @Test
    void describeMasksSecretsOfKafkaClients() {
        Config config = Config.of(Map.of(
                "kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"p\";",
                "kafka.ssl.key.password", "k-pass",
                "kafka.ssl.keystore.password", "ks-pass",
                "kafka.ssl.truststore.password", "ts-pass",
                "kafka.ssl.keystore.key", "-----BEGIN PRIVATE KEY-----",
                "kafka.sasl.oauthbearer.client.credentials.client.secret", "oauth-secret",
                "kafka.sasl.oauthbearer.assertion.private.key.passphrase", "phrase",
                "kafka.producer.ssl.key.password", "p-pass",
                "kafka.sasl.mechanism", "PLAIN"));

        Map<String, String> described = config.describe();

        assertThat(described)
                .containsEntry("kafka.sasl.jaas.config", "****")
                .containsEntry("kafka.ssl.key.password", "****")
                .containsEntry("kafka.ssl.keystore.password", "****")
                .containsEntry("kafka.ssl.truststore.password", "****")
                .containsEntry("kafka.ssl.keystore.key", "****")
                .containsEntry("kafka.sasl.oauthbearer.client.credentials.client.secret", "****")
                .containsEntry("kafka.sasl.oauthbearer.assertion.private.key.passphrase", "****")
                .containsEntry("kafka.producer.ssl.key.password", "****")
                .containsEntry("kafka.sasl.mechanism", "PLAIN");
        assertThat(described.values()).noneMatch(v -> v.contains("p-pass") || v.contains("PRIVATE KEY")
                || v.contains("oauth-secret") || v.contains("phrase"));
        assertThat(config.kafkaClientProperties()).containsEntry("ssl.keystore.key", "-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void markdownTableDocumentsEveryKeyAndTheKafkaPassThrough() {
        String table = Settings.markdownTable();

        for (Setting<?> setting : Settings.ALL) {
            assertThat(table).contains("| `" + setting.key() + "` | " + setting.type() + " | `" + setting.fallback() + "` |");
        }
        assertThat(table).contains("| `kafka.*` |");
    }
}

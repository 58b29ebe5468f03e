package io.streamadapt.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The validated configuration of one StreamAdapt process. Immutable: {@link #with} returns a copy.
 *
 * <p>Precedence, lowest first: defaults, properties file, {@code STREAMADAPT_*} environment variables, command-line
 * overrides. Every StreamAdapt key is parsed and checked when the config is built, so a bad value stops start-up with a
 * message naming the key. Unknown keys are rejected too (a typo would otherwise silently keep the default), except
 * {@code kafka.*} keys, which go to the Kafka clients untouched.
 */
public final class Config {
    private final Map<String, String> raw;
    private final Map<Setting<?>, Object> typed;

    private Config(Map<String, String> raw) {
        this.raw = Map.copyOf(raw);
        Map<Setting<?>, Object> t = new HashMap<>();
        for (Setting<?> s : Settings.ALL) {
            t.put(s, s.parse(raw.getOrDefault(s.key(), s.fallback())));
        }
        for (String key : raw.keySet()) {
            if (!Settings.BY_KEY.containsKey(key) && !key.startsWith(Settings.KAFKA_PREFIX)) {
                throw new ConfigException(key, "unknown key (see the configuration table in README.md; Kafka client settings take the prefix 'kafka.')");
            }
        }
        this.typed = Map.copyOf(t);
    }

    /** Defaults only. */
    public static Config defaults() {
        return new Config(Map.of());
    }

    /** Builds a config from explicit key/value pairs over the defaults. */
    public static Config of(Map<String, String> values) {
        return new Config(values);
    }

    /**
     * Loads the configuration.
     *
     * @param file      optional properties file (null for none)
     * @param env       the environment (normally {@link System#getenv()})
     * @param overrides command-line overrides
     */
    public static Config load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException e) {
                throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
            }
            p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
        }
        values.putAll(fromEnvironment(env));
        values.putAll(overrides);
        return new Config(values);
    }

    /** Variables with the prefix that are read by the launcher and the logging set-up, not by the configuration. */
    static final Set<String> NOT_KEYS = Set.of("STREAMADAPT_OPTS", "STREAMADAPT_LOG_LEVEL");

    /** Maps {@code STREAMADAPT_BATCH_SIZE} to {@code batch.size}; unknown names under {@code STREAMADAPT_KAFKA_} become {@code kafka.*} keys. */
    static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> byEnv = new HashMap<>();
        Settings.ALL.forEach(s -> byEnv.put(s.envName(), s.key()));
        Map<String, String> out = new TreeMap<>();
        env.forEach((name, value) -> {
            if (byEnv.containsKey(name)) {
                out.put(byEnv.get(name), value);
            } else if (name.startsWith("STREAMADAPT_KAFKA_")) {
                out.put("kafka." + name.substring("STREAMADAPT_KAFKA_".length()).toLowerCase().replace('_', '.'), value);
            } else if (name.startsWith("STREAMADAPT_") && !NOT_KEYS.contains(name)) {
                throw new ConfigException(name, "unknown environment variable (no such key)");
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) typed.get(setting);
    }

    /** A copy with one more override, validated like the rest. */
    public Config with(String key, String value) {
        Map<String, String> m = new HashMap<>(raw);
        m.put(key, value);
        return new Config(m);
    }

    /** The {@code kafka.*} settings without their prefix, for any Kafka client. */
    public Map<String, Object> kafkaClientProperties() {
        Map<String, Object> m = new HashMap<>();
        raw.forEach((k, v) -> {
            if (k.startsWith(Settings.KAFKA_PREFIX)) {
                m.put(k.substring(Settings.KAFKA_PREFIX.length()), v);
            }
        });
        if (!get(Settings.BOOTSTRAP_SERVERS).isBlank()) {
            m.put("bootstrap.servers", get(Settings.BOOTSTRAP_SERVERS));
        }
        return m;
    }

    /** Every key with its effective value, for logging at start-up (values of keys that look secret are masked). */
    public Map<String, String> describe() {
        Map<String, String> m = new TreeMap<>();
        for (Setting<?> s : Settings.ALL) {
            m.put(s.key(), isSecret(s.key()) && !String.valueOf(typed.get(s)).isEmpty() ? "****" : String.valueOf(typed.get(s)));
        }
        raw.forEach((k, v) -> {
            if (k.startsWith(Settings.KAFKA_PREFIX)) {
                m.put(k, isSecret(k) ? "****" : v);
            }
        });
        return m;
    }

    /**
     * Whether a Kafka client key holds a secret. Covers every key Kafka itself types as a password, including PEM
     * private keys ({@code ssl.keystore.key}) and passphrases, whose names do not contain "password".
     */
    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.endsWith("token") || k.contains("passphrase") || k.contains("jaas") || k.contains("secret")
                || k.endsWith(".key") || k.contains("keystore.certificate.chain") || k.contains("truststore.certificates");
    }
}

package io.streamadapt.cli;

import io.streamadapt.config.Config;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where configuration comes from on the command line: a properties file and key=value overrides. */
final class ConfigOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Properties file with StreamAdapt keys (see README: Configuration)")
    Path file;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
            description = "Override one key, e.g. --set batch.size=32 or --set kafka.security.protocol=SASL_SSL (repeatable); wins over the file and STREAMADAPT_* variables")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (same as --set bootstrap.servers=...)")
    String bootstrap;

    Config load() {
        Map<String, String> o = new LinkedHashMap<>(overrides);
        if (bootstrap != null) {
            o.put("bootstrap.servers", bootstrap);
        }
        return Config.load(file, System.getenv(), o);
    }
}

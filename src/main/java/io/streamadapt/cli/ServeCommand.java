package io.streamadapt.cli;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import io.streamadapt.data.Dataset;
import io.streamadapt.data.Scenario;
import io.streamadapt.service.StreamAdaptService;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code serve}: the production service against a configured cluster. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the service against a Kafka cluster: validate, learn from labelled events, publish gated versions, serve predictions, expose /health /ready /models /metrics. Stops cleanly on SIGTERM.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Mixin
    ModelRunOptions run = new ModelRunOptions();
    @Mixin
    ScenarioOptions data = new ScenarioOptions();

    @Override
    public Integer call() throws Exception {
        Config config = run.load();
        OptionalInt child = MemoryLimits.apply(config);
        if (child.isPresent()) {
            return child.getAsInt();
        }
        Wiring.limitNativeThreads(config);
        if (config.get(Settings.BOOTSTRAP_SERVERS).isBlank()) {
            throw new IllegalArgumentException("serve needs bootstrap.servers (--bootstrap-servers, STREAMADAPT_BOOTSTRAP_SERVERS or the config file); 'demo' starts an embedded broker");
        }
        LOG.info("Configuration: {}", config.describe());
        Classifier source;
        Dataset sourceData = null;
        if (!config.get(Settings.MODEL_PATH).isBlank()) {
            source = Wiring.loadModel(Path.of(config.get(Settings.MODEL_PATH)));
            sourceData = Wiring.replayableSourceData(config, source, () -> data.load(config.get(Settings.SEED))).orElse(null);
        } else {
            Scenario scenario = data.load(config.get(Settings.SEED));
            source = Wiring.sourceModel(config, scenario).model();
            sourceData = scenario.source();
        }
        StreamAdaptService service = Wiring.start(config, source, sourceData);
        CountDownLatch stopped = new CountDownLatch(1);
        boolean[] clean = {true};
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutdown requested");
            clean[0] = service.shutdown();
            stopped.countDown();
            // a JVM ended by a signal reports 128+signal; a clean shutdown should report success to the orchestrator
            Runtime.getRuntime().halt(clean[0] ? 0 : 1);
        }, "shutdown"));
        System.out.printf("StreamAdapt serving: HTTP port %d, Kafka %s%n", service.httpPort(), config.get(Settings.BOOTSTRAP_SERVERS));
        stopped.await();
        return clean[0] ? 0 : 1;
    }
}

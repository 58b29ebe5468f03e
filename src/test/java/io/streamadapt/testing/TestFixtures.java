package io.streamadapt.testing;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.PretrainParams;
import io.streamadapt.adapt.Progress;
import io.streamadapt.adapt.SourceModel;
import io.streamadapt.adapt.dl4j.Dl4jFineTuner;
import io.streamadapt.adapt.dl4j.NativeThreads;
import io.streamadapt.adapt.dl4j.Dl4jModelCodec;
import io.streamadapt.adapt.dl4j.Dl4jPretrainer;
import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import io.streamadapt.data.Scenario;
import io.streamadapt.data.Scenarios;
import io.streamadapt.kafka.EmbeddedKafka;
import io.streamadapt.kafka.TemporaryDirectories;
import io.streamadapt.model.SourceModels;
import io.streamadapt.service.StreamAdaptService;
import io.streamadapt.service.TrainingSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Shared pieces of the broker-backed tests: a quickly pretrained digits model and a service on an embedded broker. */
public final class TestFixtures {
    private TestFixtures() {
    }

    public static final Dl4jModelCodec CODEC = new Dl4jModelCodec();
    private static SourceModel digits;

    public static Scenario digitsScenario() {
        return Scenarios.load("digits", 42);
    }

    /** A digits source model pretrained for 3 epochs (a few seconds), once per JVM. */
    public static synchronized SourceModel digitsSource() {
        if (digits == null) {
            Scenario s = digitsScenario();
            digits = SourceModels.pretrain(s, PretrainParams.defaultsFor(s.featureCount(), 42).withEpochs(3),
                    new Dl4jPretrainer(Progress.Factory.QUIET));
        }
        return digits;
    }

    /** Service settings for a test: the given broker, a fresh state directory, a free HTTP port, plus overrides. */
    public static Config config(EmbeddedKafka kafka, String applicationId, Map<String, String> overrides) throws Exception {
        Map<String, String> m = new HashMap<>();
        m.put("bootstrap.servers", kafka.bootstrapServers());
        m.put("application.id", applicationId);
        m.put("state.dir", TemporaryDirectories.create("streamadapt-it-state").toString());
        m.put("http.port", "0");
        m.put("batch.max.wait", "2s");
        m.putAll(overrides);
        return Config.of(m);
    }

    public static StreamAdaptService startService(Config config, Classifier source, Scenario scenario) throws Exception {
        // as the commands do before they start a service
        NativeThreads.limit(config.get(Settings.NATIVE_THREADS));
        Dl4jFineTuner tuner = new Dl4jFineTuner(TrainingSetup.fineTuneParams(config), scenario.source().features(), scenario.source().labels(),
                scenario.classes());
        return StreamAdaptService.start(config, source, tuner, CODEC);
    }

    public static Path tempFile(String prefix, String suffix) throws Exception {
        Path p = Files.createTempFile(prefix, suffix);
        p.toFile().deleteOnExit();
        return p;
    }

    /** Polls until the condition holds; fails the test naming what did not happen. */
    public static void waitFor(java.util.function.BooleanSupplier condition, java.time.Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(100);
        }
    }
}

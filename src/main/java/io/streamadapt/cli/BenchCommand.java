package io.streamadapt.cli;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.FineTuner;
import io.streamadapt.adapt.dl4j.Dl4jFineTuner;
import io.streamadapt.bench.Bench;
import io.streamadapt.bench.BenchReport;
import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import io.streamadapt.data.Scenario;
import io.streamadapt.data.Scenarios;
import io.streamadapt.kafka.EmbeddedKafka;
import io.streamadapt.service.StreamAdaptService;
import io.streamadapt.service.TrainingSetup;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench}: StreamAdapt against a Kafka Streams passthrough on the same broker, and the trainer against a raw fit. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure, in one run on one broker (embedded unless --bootstrap-servers is given): a Kafka Streams passthrough "
                + "against StreamAdapt's serving at saturation (--rounds side by side, medians) and at a fixed rate (latency p50/p99/p99.9), serving with 2 stream "
                + "threads and with the fashion model, the trainer's events/s under a backlog against a raw DL4J fit, and the time "
                + "from a labelled event to the first live version that learned it. Prints a table and writes --report.")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions configOptions = new ConfigOptions();
    @Mixin
    ReportOption report = new ReportOption();
    @Mixin
    SeedOption seedOption = new SeedOption();

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "5",
            description = "Saturation rounds of the passthrough and serving side by side, alternating which goes first; the figures are "
                    + "the medians. Default: ${DEFAULT-VALUE}")
    int rounds;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "100000", description = "Requests per saturation run. Default: ${DEFAULT-VALUE}")
    int requests;

    @Option(names = "--warmup-seconds", paramLabel = "SECONDS", defaultValue = "15",
            description = "How long each service gets untimed saturation runs before its first timed one. Default: ${DEFAULT-VALUE}")
    int warmupSeconds;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "0",
            description = "Requests per second of the latency runs; 0: half the passthrough's median saturation rate. Default: ${DEFAULT-VALUE}")
    double rate;

    @Option(names = "--latency-seconds", paramLabel = "SECONDS", defaultValue = "10", description = "Length of each latency run. Default: ${DEFAULT-VALUE}")
    int latencySeconds;

    @Option(names = "--backlog", paramLabel = "N", defaultValue = "5000", description = "Labelled events waiting for the trainer. Default: ${DEFAULT-VALUE}")
    int backlog;

    @Option(names = "--backlog-seconds", paramLabel = "SECONDS", defaultValue = "45",
            description = "The trainer run stops after this long, learned or not. Default: ${DEFAULT-VALUE}")
    int backlogSeconds;

    @Option(names = "--label-rate", paramLabel = "PER_SECOND", defaultValue = "50",
            description = "Labelled events per second of the event-to-version run. Default: ${DEFAULT-VALUE}")
    double labelRate;

    @Option(names = "--version-seconds", paramLabel = "SECONDS", defaultValue = "20",
            description = "Length of the event-to-version run. Default: ${DEFAULT-VALUE}")
    int versionSeconds;

    @Option(names = "--wide-scenario", paramLabel = "NAME", defaultValue = "fashion",
            description = "Scenario of the wider model in the scaling rows. Default: ${DEFAULT-VALUE}")
    String wideScenario;

    @Option(names = "--parts", paramLabel = "PART", split = ",", defaultValue = "serving,trainer,versions",
            description = "Parts to run: serving (passthrough, latency, scaling), trainer (backlog and raw fit), versions (event to live version). Default: ${DEFAULT-VALUE}")
    Set<Bench.Part> parts;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60", description = "Longest wait for the outputs of one run. Default: ${DEFAULT-VALUE}")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        DemoLogging.quietUnlessConfigured();
        Config config = seedOption.apply(configOptions.load());
        Wiring.limitNativeThreads(config);
        EmbeddedKafka kafka = null;
        if (config.get(Settings.BOOTSTRAP_SERVERS).isBlank()) {
            System.out.println("Starting an embedded single-node Kafka broker (KRaft)...");
            kafka = EmbeddedKafka.start(config.get(Settings.MODEL_MAX_BYTES));
            config = config.with(Settings.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        }
        try {
            long seed = config.get(Settings.SEED);
            Scenario digits = Scenarios.load("digits", seed);
            Scenario wide = Scenarios.load(wideScenario.toLowerCase(Locale.ROOT), seed);
            Bench.Options options = new Bench.Options(rounds, requests, Duration.ofSeconds(warmupSeconds), rate, Duration.ofSeconds(latencySeconds), backlog,
                    Duration.ofSeconds(backlogSeconds), labelRate, Duration.ofSeconds(versionSeconds), Duration.ofSeconds(timeoutSeconds),
                    parts);
            BenchReport r = new Bench(config, new Bench.Services() {
                @Override
                public StreamAdaptService start(Config c, Scenario s) throws Exception {
                    return Wiring.start(c, sourceModel(c, s), s.source());
                }

                @Override
                public Classifier sourceModel(Config c, Scenario s) {
                    return Wiring.sourceModel(c, s).model();
                }

                @Override
                public FineTuner tuner(Config c, Scenario s) {
                    return new Dl4jFineTuner(TrainingSetup.fineTuneParams(c), s.source().features(), s.source().labels(), s.classes());
                }
            }, options, System.out::println).run(digits, wide);
            System.out.println();
            System.out.print(r.table());
            report.write(r.asMap());
            return 0;
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
    }
}

package io.streamadapt.cli;

import io.streamadapt.adapt.Progress;
import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import io.streamadapt.data.Dataset;
import io.streamadapt.data.Scenario;
import io.streamadapt.kafka.KafkaProps;
import io.streamadapt.kafka.TopicAdmin;
import io.streamadapt.kafka.Topics;
import io.streamadapt.replay.ReplayPlan;
import io.streamadapt.replay.Replayer;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code replay}: pushes a scenario's target stream into Kafka. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Push a scenario's (or a CSV's) target examples into Kafka as prediction requests and labelled events; --label-fraction makes labels scarce, --shift-priors shifts the class mix of the second half.")
final class ReplayCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions data = new ScenarioOptions();
    @Mixin
    ConfigOptions configOptions = new ConfigOptions();
    @Mixin
    LabelShiftOptions shift = new LabelShiftOptions();
    @Mixin
    PacingOptions pacing = new PacingOptions();

    @Option(names = "--limit", paramLabel = "N", description = "Send at most this many examples (default: the whole target data)")
    Integer limit;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "BOTH", description = "What to send per example: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}")
    Replayer.Mode mode;

    @Option(names = "--id-prefix", paramLabel = "PREFIX", defaultValue = "", description = "Prefix of the event and request ids")
    String idPrefix;

    @Mixin
    SeedOption seedOption = new SeedOption();

    @Override
    public Integer call() {
        Config config = seedOption.apply(configOptions.load());
        long seed = config.get(Settings.SEED);
        if (config.get(Settings.BOOTSTRAP_SERVERS).isBlank()) {
            throw new IllegalArgumentException("replay needs a broker: pass --bootstrap-servers HOST:PORT or set " + Settings.BOOTSTRAP_SERVERS.envName()
                    + " (demo prints the address of its embedded broker)");
        }
        Scenario scenario = data.load(seed);
        Dataset target = scenario.target();
        if (limit != null) {
            target = target.subset(0, Math.min(limit, target.size()));
        }
        ReplayPlan plan = shift.plan(target, seed);
        Topics topics = Topics.from(config);
        TopicAdmin.ensureTopics(topics, config);
        long sent;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaProps.producer(config));
             Progress bar = new ConsoleProgress().start("replay " + scenario.name(), target.size())) {
            sent = new Replayer(producer, topics).replay(plan, 0, target.size(), mode, pacing.rate, pacing.labelDelay, idPrefix, bar);
        }
        System.out.printf("Sent %d records (%d examples, %d of them labelled) to %s / %s%n", sent, target.size(), plan.labelledCount(),
                topics.requests().name(), topics.labeled().name());
        if (plan.shift() != null) {
            System.out.printf("Examples from %s%s on are resampled to class priors %s%n", idPrefix + "r-", plan.shiftStart(), plan.shift().text());
        }
        return 0;
    }
}

package io.streamadapt.cli;

import io.streamadapt.adapt.Progress;
import io.streamadapt.adapt.SourceModel;
import io.streamadapt.config.Config;
import io.streamadapt.config.Setting;
import io.streamadapt.config.Settings;
import io.streamadapt.data.Dataset;
import io.streamadapt.data.Scenario;
import io.streamadapt.kafka.EmbeddedKafka;
import io.streamadapt.kafka.KafkaProps;
import io.streamadapt.kafka.TemporaryDirectories;
import io.streamadapt.metrics.eval.EvaluationSnapshot;
import io.streamadapt.metrics.eval.PrequentialEvaluator;
import io.streamadapt.model.ServedModel;
import io.streamadapt.replay.ReplayPlan;
import io.streamadapt.replay.Replayer;
import io.streamadapt.service.StreamAdaptService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.OptionalInt;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code demo}: a scenario end to end, on an embedded broker unless one is configured.
 *
 * <p>Its length is the story a user watches: start, replay in two halves, progress, the summary table and the report;
 * each step is a short method.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a scenario end to end: start an embedded Kafka broker (unless --bootstrap-servers is given), load or pretrain the source model, start the service, replay the target stream (each example first as a request, later as a labelled event), show live progress, print a summary and write --report.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions data = new ScenarioOptions();
    @Mixin
    ModelRunOptions run = new ModelRunOptions();

    @Mixin
    ReportOption report = new ReportOption();

    @Mixin
    LabelShiftOptions shift = new LabelShiftOptions();
    @Mixin
    PacingOptions pacing = new PacingOptions();

    @Option(names = "--eval-fraction", paramLabel = "FRACTION", defaultValue = "0.3", description = "Share of the target data held out to evaluate source-only and adapted model. Default: ${DEFAULT-VALUE}")
    double evalFraction;

    @Option(names = "--keep-running", description = "Leave broker and service running after the summary (Ctrl-C stops)")
    boolean keepRunning;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600", description = "Give up waiting for the stream to be processed after this many seconds. Default: ${DEFAULT-VALUE}")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        DemoLogging.quietUnlessConfigured();
        Config config = run.load();
        OptionalInt child = MemoryLimits.apply(config);
        if (child.isPresent()) {
            return child.getAsInt();
        }
        Wiring.limitNativeThreads(config);
        EmbeddedKafka kafka = null;
        if (config.get(Settings.BOOTSTRAP_SERVERS).isBlank()) {
            System.out.println("Starting an embedded single-node Kafka broker (KRaft)...");
            kafka = EmbeddedKafka.start(config.get(Settings.MODEL_MAX_BYTES));
            config = config.with(Settings.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
            // a new broker has no history: start from empty local state too
            config = config.with(Settings.STATE_DIR.key(), TemporaryDirectories.create("streamadapt-demo-state").toString());
        }
        if (!overridden(Settings.BATCH_MAX_WAIT)) {
            config = config.with(Settings.BATCH_MAX_WAIT.key(), "3s"); // the tail of a finite replay should not wait 30 s
        }
        long seed = config.get(Settings.SEED);
        Scenario scenario = data.load(seed);
        Dataset[] parts = scenario.target().split(evalFraction);
        Dataset eval = parts[0];
        Dataset stream = parts[1];
        ReplayPlan plan = shift.plan(stream, seed);
        if (!overridden(Settings.LABELSHIFT_WINDOW)) {
            // the report compares the estimate with the true priors of the second half (shifted or not): estimate over
            // those requests, or the error would also measure the difference between two sets of requests
            config = config.with(Settings.LABELSHIFT_WINDOW.key(), Integer.toString(stream.size() - plan.shiftStart()));
        }
        System.out.printf("Scenario %s: %s%n", scenario.name(), scenario.description());
        SourceModel sm = Wiring.sourceModel(config, scenario);
        System.out.printf("Source model: held-out source accuracy %.4f, target accuracy %.4f%s%n", sm.sourceHoldoutAccuracy(),
                sm.targetAccuracy(), sm.fromCache() ? " (cached)" : "");

        StreamAdaptService service = Wiring.start(config, sm.model(), scenario.source());
        service.awaitReady(Duration.ofMinutes(2));
        System.out.printf("Kafka bootstrap servers: %s%nHTTP: http://localhost:%d  (/health /ready /models /metrics)%n",
                config.get(Settings.BOOTSTRAP_SERVERS), service.httpPort());
        System.out.printf("Strategy %s, batch.size %d; replaying %d target examples (%d held out for evaluation)%n",
                config.get(Settings.STRATEGY), config.get(Settings.BATCH_SIZE), stream.size(), eval.size());

        if (plan.shift() != null) {
            System.out.printf("Label shift: from example %d on, class priors %s; %d of %d requests get labelled%n", plan.shiftStart(),
                    plan.shift().text(), plan.labelledCount(), stream.size());
        }
        // the first half is learned before the second arrives, as when a season turns; also without a shift, so the
        // report's second half is served by the same versions either way, not by the first versions of a replay that
        // outran training
        int[] cuts = {0, plan.shiftStart(), stream.size()};
        PredictionCounter predictions = new PredictionCounter(KafkaProps.follower(config, "demo-predictions"), service.topics().predictions().name()).start();
        long replayStart = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        Progress.Factory bars = new ConsoleProgress();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaProps.producer(config));
             Progress bar = bars.start("adapting", plan.labelledCount())) {
            long shown = 0;
            for (int part = 0; part + 1 < cuts.length; part++) {
                new Replayer(producer, service.topics()).replay(plan, cuts[part], cuts[part + 1], Replayer.Mode.BOTH, pacing.rate, pacing.labelDelay, "",
                        Progress.NONE);
                int labelled = plan.labelledCount(0, cuts[part + 1]);
                while (System.nanoTime() < deadline) {
                    long scored = service.trainingMetrics().scoredEvents();
                    bar.step(scored - shown, status(service));
                    shown = scored;
                    if (scored >= labelled && predictions.count() >= cuts[part + 1] && service.trainingMetrics().bufferedEvents() == 0
                            && servesNewest(service)) {
                        break;
                    }
                    Thread.sleep(250);
                }
            }
        }
        double processSeconds = (System.nanoTime() - replayStart) / 1e9;
        ServedModel serving = service.holder().get().orElseThrow();
        double adapted = serving.model().accuracy(eval.features(), eval.labels());
        double sourceOnly = service.sourceModel().model().accuracy(eval.features(), eval.labels());
        double scratch = service.scratchModel().map(m -> m.accuracy(eval.features(), eval.labels())).orElse(Double.NaN);
        // when the scratch shadow serves, adapted equals scratch; the fine-tuned line still shows what the transfer gives
        double fineTuned = service.fineTunedModel().map(m -> m.accuracy(eval.features(), eval.labels())).orElse(adapted);
        long published = service.registry().versions().stream().filter(v -> v.version() > 0).count();
        long rejected = service.trainingMetrics().progress().rejected();
        PrequentialEvaluator.Snapshot evaluation = service.trainingMetrics().evaluator().snapshot();
        EvaluationSnapshot preq = evaluation.adapted();
        EvaluationSnapshot preqSource = evaluation.source();
        double duration = (System.nanoTime() - started) / 1e9;

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("scenario", scenario.name());
        r.put("strategy", config.get(Settings.STRATEGY));
        r.put("labeledEvents", plan.labelledCount());
        r.put("requests", stream.size());
        r.put("predictions", predictions.count());
        r.put("duplicatePredictions", predictions.duplicates());
        r.put("versionsPublished", published);
        r.put("versionsRejected", rejected);
        r.put("servingVersion", serving.version());
        r.put("evaluationEvents", eval.size());
        r.put("sourceOnlyAccuracy", sourceOnly);
        r.put("adaptedAccuracy", adapted);
        r.put("scratchAccuracy", scratch);
        r.put("fineTunedAccuracy", fineTuned);
        r.put("prequentialScratchAccuracy", evaluation.scratch().accuracy());
        r.put("prequentialAccuracy", preq.accuracy());
        r.put("prequentialSourceAccuracy", preqSource.accuracy());
        r.put("prequentialWindowEvents", preq.count());
        r.put("sourceHoldoutAccuracy", sm.sourceHoldoutAccuracy());
        r.put("processingSeconds", processSeconds);
        r.put("durationSeconds", duration);
        r.put("labelShift", LabelShiftReport.of(plan, predictions, service.labelShiftMetrics(), config.get(Settings.LABELSHIFT_CORRECTION),
                serving));
        r.put("versions", service.registry().summaries());

        System.out.println();
        System.out.println("+--------------------------------+----------------+");
        row("scenario", scenario.name());
        row("strategy", config.get(Settings.STRATEGY));
        row("labelled events / requests", plan.labelledCount() + " / " + stream.size());
        row("predictions (duplicates)", predictions.count() + " (" + predictions.duplicates() + ")");
        row("versions published / rejected", published + " / " + rejected);
        row("serving version", Long.toString(serving.version()));
        row("source-only accuracy", String.format("%.4f", sourceOnly));
        row("scratch accuracy (no transfer)", String.format("%.4f", scratch));
        row("adapted accuracy", String.format("%.4f", adapted));
        row("gain over source-only", String.format("%+.4f", adapted - sourceOnly));
        row("gain over scratch (transfer)", String.format("%+.4f", adapted - scratch));
        row("fine-tuned line accuracy", String.format("%.4f", fineTuned));
        row("fine-tuned line over scratch", String.format("%+.4f", fineTuned - scratch));
        row("prequential accuracy (window)", String.format("%.4f", preq.accuracy()));
        LabelShiftReport.rows((Map<?, ?>) r.get("labelShift"), DemoCommand::row);
        row("duration", String.format("%.1f s", duration));
        System.out.println("+--------------------------------+----------------+");
        report.write(r);
        predictions.close();
        if (keepRunning) {
            System.out.printf("Still running: Kafka %s, HTTP port %d. Ctrl-C stops.%n", config.get(Settings.BOOTSTRAP_SERVERS), service.httpPort());
            CountDownLatch forever = new CountDownLatch(1);
            EmbeddedKafka k = kafka;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                service.shutdown();
                if (k != null) {
                    k.close();
                }
                forever.countDown();
            }));
            forever.await();
            return 0;
        }
        service.shutdown();
        if (kafka != null) {
            kafka.close();
        }
        return 0;
    }

    /** Whether the user set this key on the command line or in the environment (a config file does not count). */
    private boolean overridden(Setting<?> setting) {
        return run.config.overrides.containsKey(setting.key()) || System.getenv(setting.envName()) != null;
    }

    /** Short enough that bar and status fit an 80-column line: a longer one is cut off mid-word. */
    private static String status(StreamAdaptService service) {
        PrequentialEvaluator.Snapshot e = service.trainingMetrics().evaluator().snapshot();
        return String.format("v%d acc %s src %s scratch %s", service.holder().get().map(ServedModel::version).orElse(-1L),
                accuracy(e.adapted().accuracy()), accuracy(e.source().accuracy()), accuracy(e.scratch().accuracy()));
    }

    /** Before the first labelled event the accuracies are NaN: a dash reads better. */
    private static String accuracy(double value) {
        return Double.isNaN(value) ? "-" : String.format("%.3f", value);
    }

    /** Whether the newest published version is the one serving (the tail of a replay may still be swapping in). */
    private static boolean servesNewest(StreamAdaptService service) {
        long newest = service.registry().serving().map(v -> v.version()).orElse(-1L);
        return service.holder().get().map(ServedModel::version).orElse(-2L) == newest;
    }

    static void row(String k, String v) {
        System.out.printf("| %-30s | %14s |%n", k, v);
    }
}

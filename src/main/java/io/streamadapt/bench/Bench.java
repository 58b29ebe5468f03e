package io.streamadapt.bench;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.Examples;
import io.streamadapt.adapt.FineTuneParams;
import io.streamadapt.adapt.FineTuner;
import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import io.streamadapt.data.Dataset;
import io.streamadapt.data.Scenario;
import io.streamadapt.kafka.KafkaProps;
import io.streamadapt.kafka.TemporaryDirectories;
import io.streamadapt.kafka.TopicAdmin;
import io.streamadapt.kafka.Topics;
import io.streamadapt.model.ModelVersion;
import io.streamadapt.model.ServedModel;
import io.streamadapt.replay.Replayer;
import io.streamadapt.service.StreamAdaptService;
import io.streamadapt.service.TrainingSetup;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One bench run on one broker: a passthrough and StreamAdapt's serving at saturation and at a fixed rate, serving with
 * more threads and a wider model, the trainer under a backlog against a raw fit, and the time from a labelled event to
 * a live version. Every service and the passthrough get their own application id and topics, so runs never share state.
 *
 * <p>Its length is the five measurements, each a short method over the same broker, topics and report; kept in one
 * class so a run reads top to bottom in the order it measures.
 */
public final class Bench {
    /** Labelled events of the untimed backlog before the timed one: enough for the steps to reach full size. */
    static final int TRAINER_WARMUP_EVENTS = 1_000;

    /**
     * How much to measure.
     *
     * @param rounds          side-by-side saturation rounds of the passthrough and serving
     * @param requests        requests per saturation run
     * @param warmup          how long each service is sent requests (and answers them), untimed, before its first
     *                        saturation run: runs of {@code requests} until it has passed
     * @param rate            requests per second of the latency runs; 0: half the passthrough's median saturation rate
     * @param latencyDuration how long each latency run sends
     * @param backlog         labelled events waiting when the trainer run starts
     * @param backlogLimit    the trainer run stops after this long even if the backlog is not learned
     * @param labelRate       labelled events per second of the event-to-version run
     * @param versionDuration how long the event-to-version run sends
     * @param timeout         longest wait for the outputs of one run
     * @param parts           which parts to run
     */
    public record Options(int rounds, int requests, Duration warmup, double rate, Duration latencyDuration, int backlog, Duration backlogLimit,
                          double labelRate, Duration versionDuration, Duration timeout, Set<Part> parts) {
        public Options {
            if (rounds < 1 || requests < 1) {
                throw new IllegalArgumentException("bench needs at least one round (--rounds, here " + rounds
                        + ") of at least one request (--requests, here " + requests + ")");
            }
            parts = Set.copyOf(parts);
        }
    }

    /** The parts of a run: serving (passthrough, latency, scaling), the trainer under a backlog with the raw fit, event to version. */
    public enum Part { SERVING, TRAINER, VERSIONS }

    /** Starts the real service and gives the adapter's parts; the command line wires them, the bench only drives them. */
    public interface Services {
        StreamAdaptService start(Config config, Scenario scenario) throws Exception;

        Classifier sourceModel(Config config, Scenario scenario);

        FineTuner tuner(Config config, Scenario scenario);
    }

    private final Config base;
    private final Services services;
    private final Options options;
    private final Consumer<String> progress;
    private final String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

    public Bench(Config base, Services services, Options options, Consumer<String> progress) {
        this.base = base;
        this.services = services;
        this.options = options;
        this.progress = progress;
    }

    /** Runs every part in turn; {@code scenarios} are digits (the main model) and a wider one for the scaling rows. */
    public BenchReport run(Scenario digits, Scenario wide) throws Exception {
        long started = System.nanoTime();
        double loadBefore = loadAverage();
        int n = options.requests();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaProps.producer(base))) {
            Serving serving = options.parts().contains(Part.SERVING) ? serving(producer, digits, wide, n) : Serving.NONE;
            boolean training = options.parts().contains(Part.TRAINER);
            Backlog backlog = training ? backlog(producer, digits) : new Backlog(0, Double.NaN, 0, Double.NaN);
            double rawFit = training ? rawFit(digits) : Double.NaN;
            if (training) {
                progress.accept(String.format("Raw DL4J fit: %.0f events/s", rawFit));
            }
            long[] toVersion = options.parts().contains(Part.VERSIONS) ? eventToVersion(producer, digits) : new long[0];
            if (toVersion.length > 0) {
                progress.accept(String.format("Event to live version: p50 %.0f ms over %d events", Rates.median(toVersion), toVersion.length));
            }

            BenchReport.Environment env = new BenchReport.Environment(Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage(),
                    base.get(Settings.PROCESSING_GUARANTEE), base.get(Settings.PARTITIONS), n, base.get(Settings.BOOTSTRAP_SERVERS));
            return new BenchReport(env, serving.saturation(), serving.rate(),
                    serving.passthroughLatency(), serving.servingLatency(), serving.rows(), backlog.perSecond(), options.backlog(), backlog.learned(), backlog.seconds(),
                    backlog.versions(), backlog.fineTuneSeconds(), rawFit, options.labelRate(), Rates.median(toVersion), toVersion.length,
                    (System.nanoTime() - started) / 1e9);
        }
    }

    /** What the serving part measured. */
    private record Serving(Rounds saturation, double rate, Latencies.Summary passthroughLatency, Latencies.Summary servingLatency,
                           List<BenchReport.ServingRow> rows) {
        static final Serving NONE = new Serving(new Rounds(List.of()), Double.NaN, new Latencies().summary(), new Latencies().summary(),
                List.of());
    }

    /**
     * The passthrough and the service, both started once and kept running: saturation rounds side by side, then each at a
     * fixed rate; then the scaling rows, each a single run against the median passthrough rate.
     */
    private Serving serving(KafkaProducer<byte[], byte[]> producer, Scenario digits, Scenario wide, int n) throws Exception {
        Load digitsLoad = new Load(producer, digits.target(), progress);
        // both sides run with the configured stream threads; the scaling rows add the other count and the wider model
        int threads = base.get(Settings.STREAM_THREADS);
        Config pt = config("passthrough", threads);
        Topics ptTopics = Topics.from(pt);
        TopicAdmin.ensureTopics(ptTopics, pt);
        Rounds saturation;
        long servingAnswered = 0;
        double rate;
        Load.Run ptLatency;
        Load.Run servingLatency;
        try (Passthrough p = Passthrough.start(pt, pt.get(Settings.APPLICATION_ID), ptTopics.requests().name(), ptTopics.predictions().name());
             Outputs ptOut = outputs(pt, ptTopics.predictions().name());
             Served s = serve("serving", digits, threads)) {
            Map<Rounds.Side, Target> targets = Map.of(Rounds.Side.PASSTHROUGH, new Target("passthrough", ptTopics.requests().name(), ptOut),
                    Rounds.Side.SERVING, new Target("serving", s.requests(), s.outputs()));
            progress.accept(String.format("Passthrough and serving side by side: %d rounds of %d requests each as fast as possible...",
                    options.rounds(), n));
            List<Rounds.Round> rounds = new ArrayList<>();
            for (int round = 1; round <= options.rounds(); round++) {
                Map<Rounds.Side, Load.Run> runs = new EnumMap<>(Rounds.Side.class);
                for (Rounds.Side side : Rounds.order(round)) {
                    Target t = targets.get(side);
                    runs.put(side, saturate(digitsLoad, t.what(), t.topic(), t.outputs(), n, round == 1, "r" + round));
                }
                Load.Run ptRun = runs.get(Rounds.Side.PASSTHROUGH);
                Load.Run svRun = runs.get(Rounds.Side.SERVING);
                Rounds.Round r = new Rounds.Round(round, ptRun.perSecond(), svRun.perSecond(), ptRun.cpuMicrosPerRequest(),
                        svRun.cpuMicrosPerRequest());
                servingAnswered += runs.get(Rounds.Side.SERVING).answered();
                rounds.add(r);
                progress.accept(String.format("  round %d/%d (%s first): passthrough %.0f/s (%.1f us CPU each), serving %.0f/s (%.1f us), "
                                + "ratio %.2f", round, options.rounds(), targets.get(r.first()).what(), r.passthroughPerSecond(),
                        r.passthroughCpuMicros(), r.servingPerSecond(), r.servingCpuMicros(), r.ratio()));
            }
            saturation = new Rounds(rounds);
            Rates.Range range = saturation.servingRatioRange();
            rate = Rates.fixedRate(options.rate(), saturation.passthroughPerSecond());
            progress.accept(String.format("Saturation (medians): passthrough %.0f/s, serving %.0f/s, ratio %.2f (%.2f-%.2f); "
                            + "latency at %.0f/s for %d s each...", saturation.passthroughPerSecond(), saturation.servingPerSecond(),
                    saturation.servingRatio(), range.min(), range.max(), rate, options.latencyDuration().toSeconds()));
            ptLatency = digitsLoad.fixedRate("passthrough at a fixed rate", ptTopics.requests().name(), ptOut, "pl-", rate,
                    options.latencyDuration(), options.timeout());
            servingLatency = digitsLoad.fixedRate("serving at a fixed rate", s.requests(), s.outputs(), "sl-", rate,
                    options.latencyDuration(), options.timeout());
        }

        double passthrough = saturation.passthroughPerSecond();
        List<BenchReport.ServingRow> rows = new ArrayList<>();
        rows.add(new BenchReport.ServingRow(digits.name(), digits.featureCount(), threads, servingAnswered, saturation.servingPerSecond(),
                passthrough));
        rows.add(scalingRow(digits, digitsLoad, threads == 1 ? 2 : 1, passthrough));
        rows.add(scalingRow(wide, new Load(producer, wide.target(), progress), threads, passthrough));
        return new Serving(saturation, rate, ptLatency.latency(), servingLatency.latency(), rows);
    }

    /** Where one side of a round sends its requests and reads its outputs. */
    private record Target(String what, String topic, Outputs outputs) {
    }

    /**
     * A saturation run, after an untimed warm-up when {@code warm}; {@code run} keeps the request ids of every run apart,
     * so a late output of one run is never counted in another.
     */
    private Load.Run saturate(Load load, String what, String topic, Outputs out, int n, boolean warm, String run) throws InterruptedException {
        String prefix = what.charAt(0) + run;
        if (warm && options.warmup().toNanos() > 0) {
            // the JIT compiles the broker's, the clients' and the service's code for tens of seconds in one process:
            // timed before it is done, a run measures the compiler as much as the code
            progress.accept(String.format("  warming %s up for %d s...", what, options.warmup().toSeconds()));
            long until = System.nanoTime() + options.warmup().toNanos();
            for (int i = 0; System.nanoTime() < until; i++) {
                load.saturate(what + " warm-up", topic, out, prefix + "w" + i + "-", n, options.timeout());
            }
        }
        return load.saturate(what, topic, out, prefix + "s-", n, options.timeout());
    }

    private BenchReport.ServingRow scalingRow(Scenario scenario, Load load, int threads, double passthrough) throws Exception {
        progress.accept(String.format("Serving %s (%d features) with %d stream thread%s...", scenario.name(), scenario.featureCount(), threads,
                threads == 1 ? "" : "s"));
        try (Served s = serve("serving-" + scenario.name() + "-" + threads, scenario, threads)) {
            Load.Run r = saturate(load, "serving " + scenario.name() + " x" + threads, s.requests(), s.outputs(), options.requests(), true, "");
            progress.accept(String.format("  %.0f requests/s", r.perSecond()));
            return new BenchReport.ServingRow(scenario.name(), scenario.featureCount(), threads, r.answered(), r.perSecond(), passthrough);
        }
    }

    /** The trainer's run over a backlog: the figures, and how many versions it published on the way. */
    /** @param fineTuneSeconds of {@code seconds}, how long the fine-tune steps took */
    record Backlog(long learned, double seconds, long versions, double fineTuneSeconds) {
        double perSecond() {
            return seconds > 0 ? learned / seconds : Double.NaN;
        }
    }

    /**
     * The timed backlog on a fresh service, after an untimed one on a service of its own when warm-up is on: the first
     * fine-tune steps of a JVM pay for loading and compiling DL4J's code paths (a cold run learned 5,000 events at
     * 719/s, against 1,000/s after the warm-up), as the first seconds of serving do, and the figure is the rate the
     * trainer sustains.
     */
    private Backlog backlog(KafkaProducer<byte[], byte[]> producer, Scenario scenario) throws Exception {
        if (options.warmup().toNanos() > 0) {
            int w = Math.min(TRAINER_WARMUP_EVENTS, options.backlog());
            progress.accept(String.format("  warming the trainer up with a backlog of %d events...", w));
            learnBacklog(producer, scenario, "trainer-warmup", w, false);
        }
        progress.accept(String.format("Trainer: a backlog of %d labelled %s events (at most %d s)...", options.backlog(), scenario.name(),
                options.backlogLimit().toSeconds()));
        return learnBacklog(producer, scenario, "trainer", options.backlog(), true);
    }

    private Backlog learnBacklog(KafkaProducer<byte[], byte[]> producer, Scenario scenario, String name, int b, boolean report)
            throws Exception {
        try (Served s = serve(name, scenario, 1)) {
            StreamAdaptService service = s.service();
            // the clock runs from the moment the backlog is sent to a running service
            long t0 = System.nanoTime();
            long deadline = t0 + options.backlogLimit().toNanos();
            long versionsBefore = publishedVersions(service);
            sendLabelled(producer, service, scenario.target(), "b-", b, 0, null);
            long lastLine = t0;
            int batchSize = base.get(Settings.BATCH_SIZE);
            while (System.nanoTime() < deadline) {
                long scored = service.trainingMetrics().scoredEvents();
                if (scored >= b && service.trainingMetrics().bufferedEvents() < batchSize) {
                    break;
                }
                if (report && System.nanoTime() - lastLine > 5_000_000_000L) {
                    progress.accept(String.format("  trainer: %d/%d events, %d versions", scored, b, publishedVersions(service) - versionsBefore));
                    lastLine = System.nanoTime();
                }
                Thread.sleep(5);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            // events still in the buffer (or in a step that has not ended) are not learned yet
            long learned = service.trainingMetrics().scoredEvents() - service.trainingMetrics().bufferedEvents();
            Backlog r = new Backlog(learned, seconds, publishedVersions(service) - versionsBefore,
                    service.trainingMetrics().progress().fineTuneSeconds());
            if (report) {
                progress.accept(String.format("Trainer: %d events in %.1f s (%.0f/s), %d versions; fine-tune steps %.1f s of it", r.learned(),
                        r.seconds(), r.perSecond(), r.versions(), r.fineTuneSeconds()));
            }
            return r;
        }
    }

    private static long publishedVersions(StreamAdaptService service) {
        return service.registry().versions().stream().filter(v -> v.version() > 0).count();
    }

    /** One pass of the adapter's fit over the backlog's examples, outside Kafka, from the same source model. */
    private double rawFit(Scenario scenario) {
        Config c = base;
        Dataset target = scenario.target();
        int n = options.backlog();
        float[][] x = new float[n][];
        List<String> y = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            x[i] = target.features()[i % target.size()];
            y.add(target.labelOf(i % target.size()));
        }
        FineTuneParams onePass = TrainingSetup.fineTuneParams(c).withEpochs(1);
        FineTuner tuner = services.tuner(c, scenario);
        Classifier source = services.sourceModel(c, scenario);
        // once untimed: the first fit pays for loading and compiling the native code paths
        tuner.fineTune(new Examples(Arrays.copyOf(x, Math.min(n, 256)), y.subList(0, Math.min(n, 256))), Examples.NONE, source, onePass);
        long t0 = System.nanoTime();
        tuner.fineTune(new Examples(x, y), Examples.NONE, source, onePass);
        return Rates.perSecond(n, System.nanoTime() - t0);
    }

    /**
     * Labelled events at a moderate rate; for each, the time until the first live version whose lineage includes its
     * training-topic offset.
     */
    private long[] eventToVersion(KafkaProducer<byte[], byte[]> producer, Scenario scenario) throws Exception {
        progress.accept(String.format("Event to live version: labelled events at %.0f/s for %d s...", options.labelRate(),
                options.versionDuration().toSeconds()));
        try (Served s = serve("versions", scenario, 1)) {
            StreamAdaptService service = s.service();
            Map<String, Long> sentById = new ConcurrentHashMap<>();
            Map<Long, Long> sentByOffset = new ConcurrentHashMap<>();
            List<VersionLatency.Live> live = new CopyOnWriteArrayList<>();
            Thread watcher = new Thread(() -> watchVersions(service, live), "bench-versions");
            watcher.setDaemon(true);
            watcher.start();
            Map<String, Object> props = KafkaProps.follower(config("versions", 1), "bench-training");
            try (KafkaConsumer<String, byte[]> training = new KafkaConsumer<>(props)) {
                training.subscribe(List.of(service.topics().training().name()));
                int count = (int) Math.round(options.labelRate() * options.versionDuration().toSeconds());
                Thread sender = new Thread(() -> sendLabelled(producer, service, scenario.target(), "v-", count, options.labelRate(), sentById),
                        "bench-labelled");
                sender.start();
                long deadline = System.nanoTime() + options.versionDuration().plus(options.timeout()).toNanos();
                long lastOffset = -1;
                while (System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : training.poll(Duration.ofMillis(50))) {
                        Long sent = sentById.get(r.key());
                        if (sent != null) {
                            sentByOffset.put(r.offset(), sent);
                        }
                        lastOffset = Math.max(lastOffset, r.offset());
                    }
                    long covered = live.stream().mapToLong(VersionLatency.Live::toOffset).max().orElse(-1);
                    if (!sender.isAlive() && sentByOffset.size() >= count && covered >= lastOffset) {
                        break;
                    }
                    // a tail smaller than a batch waits for batch.max.wait: stop once the stream has been quiet a while
                    if (!sender.isAlive() && sentByOffset.size() >= count && quietFor(live, Duration.ofSeconds(5))) {
                        break;
                    }
                }
                sender.join();
            } finally {
                watcher.interrupt();
            }
            return VersionLatency.latencies(sentByOffset, live);
        }
    }

    private static boolean quietFor(List<VersionLatency.Live> live, Duration d) {
        long last = live.stream().mapToLong(VersionLatency.Live::liveMillis).max().orElse(System.currentTimeMillis());
        return System.currentTimeMillis() - last > d.toMillis();
    }

    /** Notes when each version starts serving, with the last training offset it learned. */
    private static void watchVersions(StreamAdaptService service, List<VersionLatency.Live> live) {
        long seen = service.holder().get().map(ServedModel::version).orElse(0L);
        while (!Thread.currentThread().isInterrupted()) {
            long v = service.holder().get().map(ServedModel::version).orElse(seen);
            if (v != seen) {
                long now = System.currentTimeMillis();
                seen = v;
                service.registry().version(v).map(ModelVersion::toOffset).ifPresent(to -> live.add(new VersionLatency.Live(v, to, now)));
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void sendLabelled(KafkaProducer<byte[], byte[]> producer, StreamAdaptService service, Dataset data, String prefix,
                                     int count, double rate, Map<String, Long> sentById) {
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (rate > 0) {
                long wait = t0 + (long) (i / rate * 1e9) - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            String id = prefix + i;
            int k = i % data.size();
            if (sentById != null) {
                sentById.put(id, System.currentTimeMillis());
            }
            producer.send(new ProducerRecord<>(service.topics().labeled().name(), id.getBytes(StandardCharsets.UTF_8),
                    Replayer.labeled(id, data.features()[k], data.labelOf(k))));
        }
        producer.flush();
    }

    /** A running service with a reader on its predictions. */
    private record Served(StreamAdaptService service, Outputs outputs) implements AutoCloseable {
        String requests() {
            return service.topics().requests().name();
        }

        @Override
        public void close() throws InterruptedException {
            outputs.close();
            service.shutdown();
        }
    }

    private Served serve(String name, Scenario scenario, int threads) throws Exception {
        Config c = config(name, threads);
        StreamAdaptService service = services.start(c, scenario);
        service.awaitReady(Duration.ofMinutes(2));
        return new Served(service, outputs(c, service.topics().predictions().name()));
    }

    private Outputs outputs(Config c, String topic) throws InterruptedException {
        Outputs out = new Outputs(KafkaProps.follower(c, "bench-outputs"), topic);
        out.awaitAssigned(Duration.ofMinutes(1));
        return out;
    }

    /** The base settings with this part's own application id, topics and state, on a free HTTP port of this host only. */
    Config config(String name, int threads) throws Exception {
        String app = "bench-" + run + "-" + name;
        Config c = base;
        for (Map.Entry<String, String> e : Map.of(Settings.APPLICATION_ID.key(), app, Settings.TOPIC_LABELED.key(), app + ".labeled",
                Settings.TOPIC_REQUESTS.key(), app + ".requests", Settings.TOPIC_PREDICTIONS.key(), app + ".predictions",
                Settings.TOPIC_MODELS.key(), app + ".models", Settings.TOPIC_DLQ.key(), app + ".dlq",
                Settings.STREAM_THREADS.key(), Integer.toString(threads), Settings.HTTP_PORT.key(), "0",
                Settings.HTTP_BIND.key(), "127.0.0.1").entrySet()) {
            c = c.with(e.getKey(), e.getValue());
        }
        return c.with(Settings.STATE_DIR.key(), TemporaryDirectories.create("streamadapt-bench-state").toString());
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}

package io.streamadapt.service;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.FineTuner;
import io.streamadapt.adapt.ModelCodec;
import io.streamadapt.buffer.TrainingListener;
import io.streamadapt.buffer.ModelSource;
import io.streamadapt.buffer.TrainingListener;
import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import io.streamadapt.contract.Validator;
import io.streamadapt.buffer.VersionCatalog;
import io.streamadapt.http.Backend;
import io.streamadapt.http.HttpApi;
import io.streamadapt.contract.Json;
import io.streamadapt.kafka.EndOffset;
import io.streamadapt.kafka.KafkaProps;
import io.streamadapt.kafka.StreamsLag;
import io.streamadapt.kafka.RecordErrorHandlers;
import io.streamadapt.kafka.TopicAdmin;
import io.streamadapt.kafka.TopicLimits;
import io.streamadapt.kafka.Topics;
import io.streamadapt.metrics.ConsumerLagMetrics;
import io.streamadapt.labelshift.Calibration;
import io.streamadapt.labelshift.Correction;
import io.streamadapt.metrics.IngestMetrics;
import io.streamadapt.metrics.LabelShiftMetrics;
import io.streamadapt.metrics.ReliabilityMetrics;
import io.streamadapt.metrics.ServingMetrics;
import io.streamadapt.metrics.TrainingMetrics;
import io.streamadapt.model.ModelOperations;
import io.streamadapt.model.ModelRegistry;
import io.streamadapt.model.ModelVersion;
import io.streamadapt.serving.ModelHolder;
import io.streamadapt.serving.PriorTracker;
import io.streamadapt.serving.ServedModel;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: creates topics, follows the models topic, publishes the source model as version 0 on an empty
 * topic, runs the edge and trainer Kafka Streams clients, and serves HTTP. {@link #close()} shuts down in reverse order
 * within {@code shutdown.timeout}.
 */
public final class StreamAdaptService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamAdaptService.class);
    /** How long a rollback request waits for the trainer to publish the new version before answering without it. */
    private static final Duration ROLLBACK_WAIT = Duration.ofSeconds(20);

    private final Config config;
    private final Topics topics;
    private final ModelRegistry registry;
    private final ModelHolder holder;
    private final KafkaProducer<String, byte[]> opsProducer;
    private final KafkaStreams edge;
    private final KafkaStreams trainer;
    private final HttpApi http;
    private final PrometheusMeterRegistry meters;
    private final TrainingMetrics trainingMetrics;
    private final AtomicReference<Classifier> scratch;
    private final LabelShiftMetrics labelShiftMetrics;
    private final ServedModel source;
    private final EndOffset trainingEnd;

    private StreamAdaptService(Config config, Topics topics, ModelRegistry registry, ModelHolder holder,
                               KafkaProducer<String, byte[]> opsProducer, KafkaStreams edge, KafkaStreams trainer, HttpApi http,
                               PrometheusMeterRegistry meters, TrainingMetrics trainingMetrics, LabelShiftMetrics labelShiftMetrics,
                               ServedModel source, AtomicReference<Classifier> scratch, EndOffset trainingEnd) {
        this.scratch = scratch;
        this.trainingEnd = trainingEnd;
        this.config = config;
        this.topics = topics;
        this.registry = registry;
        this.holder = holder;
        this.opsProducer = opsProducer;
        this.edge = edge;
        this.trainer = trainer;
        this.http = http;
        this.meters = meters;
        this.trainingMetrics = trainingMetrics;
        this.labelShiftMetrics = labelShiftMetrics;
        this.source = source;
    }

    /**
     * Starts everything.
     *
     * @param sourceModel published as version 0 when the models topic is empty
     * @param tuner       the fine-tuning strategy
     */
    public static StreamAdaptService start(Config config, Classifier sourceModel, FineTuner tuner, ModelCodec codec)
            throws IOException, InterruptedException {
        return start(config, sourceModel, null, tuner, codec);
    }

    /**
     * Starts everything.
     *
     * @param sourceModel  published as version 0 when the models topic is empty
     * @param sourcePriors class mix of the source data, version 0's training priors (null: uniform)
     * @param tuner        the fine-tuning strategy
     */
    public static StreamAdaptService start(Config config, Classifier sourceModel, Map<String, Double> sourcePriors, FineTuner tuner,
                                           ModelCodec codec) throws IOException, InterruptedException {
        Topics topics = Topics.from(config);
        TopicAdmin.ensureTopics(topics, config);
        TopicLimits limits = TopicLimits.read(config, topics);
        StartupChecks.check(config, limits, Json.write(versionZero(sourceModel, sourcePriors, codec)).length, sourceModel.inputSize());

        Map<String, Object> pp = new HashMap<>(KafkaProps.producer(config));
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        KafkaProducer<String, byte[]> opsProducer = new KafkaProducer<>(pp);

        ModelRegistry registry = new ModelRegistry(KafkaProps.follower(config, "models"), topics.models().name(), codec);
        ModelHolder holder = new ModelHolder(config.get(Settings.ALLOW_NEW_LABELS));
        registry.onChange(holder::follow);
        registry.start();
        if (!registry.awaitCaughtUp(Duration.ofMinutes(2))) throw new IllegalStateException("models topic could not be read");
        if (registry.latest().isEmpty()) {
            LOG.info("Models topic is empty: publishing the source model as version 0");
            ModelOperations.publish(opsProducer, topics.models().name(), versionZero(sourceModel, sourcePriors, codec));
        }
        waitFor(() -> holder.get().isPresent() && registry.version(0).isPresent(), Duration.ofMinutes(1), "version 0 to be served");
        ServedModel source = new ServedModel(0, registry.load(registry.version(0).orElseThrow()), registry.version(0).orElseThrow().calibration());

        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        meters.config().commonTags("application", config.get(Settings.APPLICATION_ID));
        IngestMetrics ingestMetrics = new IngestMetrics(List.of(topics.labeled().name(), topics.requests().name()));
        ServingMetrics servingMetrics = new ServingMetrics(holder);
        TrainingMetrics trainingMetrics = new TrainingMetrics(config.get(Settings.METRICS_WINDOW), source.model().classes());
        PriorTracker priors = new PriorTracker(holder::get, Correction.parse(config.get(Settings.LABELSHIFT_CORRECTION)),
                config.get(Settings.LABELSHIFT_WINDOW), config.get(Settings.LABELSHIFT_MIN_REQUESTS));
        LabelShiftMetrics labelShiftMetrics = new LabelShiftMetrics(priors, () -> registry.latest().map(ModelVersion::calibration),
                config.get(Settings.METRICS_WINDOW));
        ReliabilityMetrics reliabilityMetrics = new ReliabilityMetrics(registry, List.of(topics.labeled().name(),
                topics.requests().name(), topics.training().name(), topics.predictions().name(), topics.models().name(), topics.dlq().name()));
        List.of(ingestMetrics, servingMetrics, trainingMetrics, labelShiftMetrics, reliabilityMetrics, new JvmMemoryMetrics(),
                new JvmGcMetrics(), new JvmThreadMetrics(), new ClassLoaderMetrics(), new ProcessorMetrics(), new UptimeMetrics())
                .forEach(b -> b.bindTo(meters));

        // the Streams producer refuses records above max.request.size before the broker sees them
        int deadLetterMaxBytes = Math.min(limits.dlq(), config.get(Settings.MODEL_MAX_BYTES));
        Validator validator = new Validator(config.get(Settings.RECORD_MAX_BYTES), holder::labelSpace, deadLetterMaxBytes);
        Map<String, Object> handlers = RecordErrorHandlers.configs(reliabilityMetrics, topics.dlq().name(), deadLetterMaxBytes);
        Topology edgeTopology = ServiceTopology.edge(topics, new ServiceTopology.EdgeParts(validator, holder, priors, ingestMetrics, servingMetrics,
                config.get(Settings.SERVING_BATCH_SIZE), config.get(Settings.SERVING_BATCH_MAX_WAIT)));
        // The trainer's scratch shadow after its latest step: the demo scores it on held-out events as the no-transfer baseline.
        AtomicReference<Classifier> scratch = new AtomicReference<>();
        // how many labelled events wait behind the trainer: under a backlog its micro-batches grow
        EndOffset trainingEnd = EndOffset.follow(KafkaProps.admin(config), new TopicPartition(topics.training().name(), 0),
                Duration.ofMillis(200));
        ServiceTopology.TrainerParts trainerParts = new ServiceTopology.TrainerParts(
                TrainingSetup.trainerFactory(config, tuner, source.model(), trainingEnd::get),
                newestLoader(registry), source, codec, TrainingListener.all(trainingMetrics, labelShiftMetrics,
                        TrainingListener.onFlush((f, v) -> {
                            if (f.outcome().scratch() != null) scratch.set(f.outcome().scratch());
                        })), Duration.ofSeconds(1), catalog(registry), config.get(Settings.MODELS_KEEP));
        Topology trainerTopology = ServiceTopology.trainer(topics, trainerParts);

        Map<String, Object> edgeProps = streamsProps(config, config.get(Settings.APPLICATION_ID), config.get(Settings.STREAM_THREADS), handlers);
        // the stream thread runs punctuators between polls: an idle poll must not outlast a request's batch wait
        edgeProps.putIfAbsent(StreamsConfig.POLL_MS_CONFIG, Math.max(1, config.get(Settings.SERVING_BATCH_MAX_WAIT).toMillis()));
        KafkaStreams edge = new KafkaStreams(edgeTopology, new StreamsConfig(edgeProps));
        Map<String, Object> trainerProps = streamsProps(config, config.get(Settings.APPLICATION_ID) + "-trainer", 1, handlers);
        // a warm copy of the trainer store on a second instance: failover without restoring the changelog
        trainerProps.putIfAbsent(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        KafkaStreams trainer = new KafkaStreams(trainerTopology, new StreamsConfig(trainerProps));
        ThreadFailures failures = new ThreadFailures();
        Map.of("edge", edge, "trainer", trainer).forEach((name, ks) -> ks.setUncaughtExceptionHandler(e -> {
            failures.failed(name, System.currentTimeMillis());
            LOG.error("Stream thread of the {} client failed; replacing it (exactly-once: the task restarts from its last commit)", name, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        }));
        new KafkaStreamsMetrics(edge, Tags.of("client", "edge")).bindTo(meters);
        new KafkaStreamsMetrics(trainer, Tags.of("client", "trainer")).bindTo(meters);
        new ConsumerLagMetrics(Map.of("edge", () -> StreamsLag.of(edge), "trainer", () -> StreamsLag.of(trainer))).bindTo(meters);
        edge.start();
        trainer.start();

        ModelOperations ops = new ModelOperations(registry, opsProducer, topics.training().name(), ROLLBACK_WAIT);
        ServiceBackend backend = new ServiceBackend(edge, trainer, registry, holder, ops, failures, accept -> {
            trainingMetrics.freezeForScrape();
            labelShiftMetrics.freezeForScrape();
            return accept != null && accept.contains("application/openmetrics-text")
                    ? new Backend.Scrape("application/openmetrics-text; version=1.0.0; charset=utf-8", meters.scrape("application/openmetrics-text"))
                    : new Backend.Scrape("text/plain; version=0.0.4; charset=utf-8", meters.scrape());
        });
        HttpApi http = new HttpApi(new HttpApi.Options(config.get(Settings.HTTP_BIND), config.get(Settings.HTTP_PORT),
                config.get(Settings.HTTP_ADMIN_TOKEN), config.get(Settings.HTTP_READ_TIMEOUT), config.get(Settings.HTTP_THREADS)), backend).start();
        if (config.get(Settings.HTTP_ADMIN_TOKEN).isBlank()) {
            LOG.warn("http.admin-token is not set: pin, unpin and rollback over HTTP answer 403");
        }
        LOG.info("StreamAdapt serving on HTTP port {}", http.port());
        return new StreamAdaptService(config, topics, registry, holder, opsProducer, edge, trainer, http, meters, trainingMetrics,
                labelShiftMetrics, source, scratch, trainingEnd);
    }

    static ModelVersion versionZero(Classifier model, Map<String, Double> sourcePriors, ModelCodec codec) {
        return new ModelVersion(0, -1, "source", System.currentTimeMillis(), model.metadata().hyperParameters(), -1, -1, 0,
                Map.of("verdict", "pretrained source model"), model.classes(), model.inputSize(), model.metadata().provenance(),
                codec.save(model), Calibration.identity(model.classes(), sourcePriors));
    }

    /** The registry as the trainer sees it when it applies operator commands. */
    private static VersionCatalog catalog(ModelRegistry registry) {
        return new VersionCatalog() {
            @Override
            public Optional<ModelVersion> version(long version) {
                return registry.version(version);
            }

            @Override
            public byte[] artifact(long version) {
                return registry.artifact(version);
            }

            @Override
            public List<Long> numbers() {
                return registry.numbers();
            }

            @Override
            public Optional<Long> pinned() {
                return registry.pinned();
            }
        };
    }

    /** The newest published version, loaded once per version (the trainer asks at every flush). */
    private static ModelSource newestLoader(ModelRegistry registry) {
        AtomicReference<ServedModel> cache = new AtomicReference<>();
        return () -> {
            Optional<ModelVersion> latest = registry.latest();
            if (latest.isEmpty()) return Optional.empty();
            ServedModel c = cache.get();
            if (c == null || c.version() != latest.get().version()) {
                c = new ServedModel(latest.get().version(), registry.load(latest.get()));
                cache.set(c);
            }
            return Optional.of(c);
        };
    }

    /** The Kafka Streams settings of one client; the bench's passthrough runs with the same ones. */
    public static Map<String, Object> streamsProps(Config config, String applicationId, int threads, Map<String, Object> handlers) {
        Map<String, Object> p = new HashMap<>(config.kafkaClientProperties());
        p.putAll(handlers);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.get(Settings.PROCESSING_GUARANTEE));
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.get(Settings.STATE_DIR));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.get(Settings.REPLICATION_FACTOR));
        p.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), config.get(Settings.MODEL_MAX_BYTES));
        // A fine-tune step runs inside the transaction that consumes its micro-batch, so the timeout must exceed the
        // longest step; but a new owner of a task waits this long for the open transaction of a killed one to abort.
        p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                (int) config.get(Settings.TRANSACTION_TIMEOUT).toMillis());
        // a killed instance's tasks move after this long without heartbeats (Kafka's default is 45 s)
        p.putIfAbsent(StreamsConfig.consumerPrefix("session.timeout.ms"), 10_000);
        p.putIfAbsent(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 2_000);
        p.put(StreamsConfig.consumerPrefix("max.poll.interval.ms"), 600_000);
        p.put(StreamsConfig.consumerPrefix("max.partition.fetch.bytes"), config.get(Settings.MODEL_MAX_BYTES));
        return p;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    public boolean ready() {
        return edge.state() == KafkaStreams.State.RUNNING && trainer.state() == KafkaStreams.State.RUNNING && holder.get().isPresent();
    }

    public void awaitReady(Duration timeout) throws InterruptedException {
        waitFor(this::ready, timeout, "Kafka Streams to run");
    }

    public int httpPort() {
        return http.port();
    }

    public Topics topics() {
        return topics;
    }

    public ModelRegistry registry() {
        return registry;
    }

    public ModelHolder holder() {
        return holder;
    }

    public TrainingMetrics trainingMetrics() {
        return trainingMetrics;
    }

    /** The trainer's scratch shadow after its latest step in this process, if it has taken one. */
    public Optional<Classifier> scratchModel() {
        return Optional.ofNullable(scratch.get());
    }

    public LabelShiftMetrics labelShiftMetrics() {
        return labelShiftMetrics;
    }

    public ServedModel sourceModel() {
        return source;
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** Stops taking work and closes both Streams clients within {@code shutdown.timeout}; returns whether they closed in time. */
    public boolean shutdown() {
        Duration timeout = config.get(Settings.SHUTDOWN_TIMEOUT);
        http.close();
        // Without static membership a member that stays in the group keeps its partitions until the session times out,
        // which would stall a restarted instance; with it, staying lets the restarted pod take them back at once.
        boolean staticMembership = config.kafkaClientProperties().containsKey("group.instance.id");
        CloseOptions close = CloseOptions.timeout(timeout).withGroupMembershipOperation(staticMembership
                ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP : CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
        // both clients close at once, so the whole shutdown stays within one shutdown.timeout
        java.util.concurrent.CompletableFuture<Boolean> trainerClose =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> trainer.close(close));
        boolean edgeClosed = edge.close(close);
        boolean trainerClosed = trainerClose.join();
        registry.close();
        trainingEnd.close();
        opsProducer.close(Duration.ofSeconds(5));
        meters.close();
        LOG.info("StreamAdapt stopped (edge closed cleanly: {}, trainer closed cleanly: {})", edgeClosed, trainerClosed);
        return edgeClosed && trainerClosed;
    }

    @Override
    public void close() {
        shutdown();
    }
}

package io.streamadapt.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.FineTuner;
import io.streamadapt.adapt.ModelCodec;
import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import io.streamadapt.contract.Json;
import io.streamadapt.http.HttpApi;
import io.streamadapt.kafka.EndOffset;
import io.streamadapt.kafka.KafkaProps;
import io.streamadapt.kafka.TopicAdmin;
import io.streamadapt.kafka.TopicLimits;
import io.streamadapt.kafka.Topics;
import io.streamadapt.labelshift.Calibration;
import io.streamadapt.labelshift.Correction;
import io.streamadapt.metrics.LabelShiftMetrics;
import io.streamadapt.metrics.TrainingMetrics;
import io.streamadapt.model.ModelOperations;
import io.streamadapt.model.ModelRegistry;
import io.streamadapt.model.ModelVersion;
import io.streamadapt.model.ServedModel;
import io.streamadapt.serving.ModelHolder;
import io.streamadapt.serving.LabelArrivals;
import io.streamadapt.serving.PriorTracker;
import io.streamadapt.training.TrainingListener;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
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
    private final KafkaProducer<String, byte[]> opsProducer;
    private final ModelBootstrap models;
    private final ServiceMeters meters;
    private final StreamsClients streams;
    private final HttpApi http;
    private final AtomicReference<Classifier> scratch;
    private final AtomicReference<Classifier> fineTuned;
    private final EndOffset trainingEnd;
    private final LabelArrivals labels;

    private StreamAdaptService(Config config, Topics topics, KafkaProducer<String, byte[]> opsProducer, ModelBootstrap models,
                               ServiceMeters meters, StreamsClients streams, HttpApi http, AtomicReference<Classifier> scratch,
                               AtomicReference<Classifier> fineTuned,
                               EndOffset trainingEnd, LabelArrivals labels) {
        this.config = config;
        this.topics = topics;
        this.opsProducer = opsProducer;
        this.models = models;
        this.meters = meters;
        this.streams = streams;
        this.http = http;
        this.scratch = scratch;
        this.fineTuned = fineTuned;
        this.trainingEnd = trainingEnd;
        this.labels = labels;
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
     * Starts everything: topics, the models (version 0 served before anything else runs), the meters, both Streams
     * clients, then HTTP.
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
        ModelVersion versionZero = ModelVersion.source(sourceModel, codec.save(sourceModel),
                Calibration.identity(sourceModel.classes(), sourcePriors), System.currentTimeMillis());
        StartupChecks.check(config, limits, Json.write(versionZero).length, sourceModel.inputSize());
        KafkaProducer<String, byte[]> opsProducer = new KafkaProducer<>(KafkaProps.stringProducer(config));

        ModelBootstrap models = ModelBootstrap.start(config, topics, codec, opsProducer, versionZero);
        PriorTracker priors = new PriorTracker(models.holder()::get, Correction.parse(config.get(Settings.LABELSHIFT_CORRECTION)),
                config.get(Settings.LABELSHIFT_WINDOW), config.get(Settings.LABELSHIFT_MIN_REQUESTS),
                config.get(Settings.LABELSHIFT_MIN_GAIN), PriorTracker.backgroundThread());
        ServiceMeters meters = ServiceMeters.bind(config, topics, models, priors);
        // The trainer's scratch shadow after its latest step: the demo scores it on held-out events as the no-transfer baseline.
        AtomicReference<Classifier> scratch = new AtomicReference<>();
        // and the fine-tuned line, which goes on from its own weights while the shadow serves: the transfer it still carries
        AtomicReference<Classifier> fineTuned = new AtomicReference<>();
        // how many labelled events wait behind the trainer: under a backlog its micro-batches grow
        EndOffset trainingEnd = EndOffset.follow(KafkaProps.admin(config), new TopicPartition(topics.training().name(), 0),
                Duration.ofMillis(200));
        StreamsClients streams = StreamsClients.start(config, topics, limits, models, meters, priors,
                TrainingSetup.trainerFactory(config, tuner, models.source().model(), trainingEnd::get), codec, TrainingListener.onFlush((f, v) -> {
                    if (f.outcome().scratch() != null) {
                        scratch.set(f.outcome().scratch());
                    }
                    if (f.outcome().line() != null) {
                        fineTuned.set(f.outcome().line());
                    }
                }));

        LabelArrivals labels = LabelArrivals.follow(KafkaProps.follower(config, "label-arrivals"), topics.training(), priors);

        ModelOperations ops = new ModelOperations(models.registry(), opsProducer, topics.training().name(), ROLLBACK_WAIT);
        ServiceBackend backend = new ServiceBackend(streams.edge(), streams.trainer(), models.registry(), models.holder(), ops,
                streams.failures(), meters::scrape);
        HttpApi http = new HttpApi(new HttpApi.Options(config.get(Settings.HTTP_BIND), config.get(Settings.HTTP_PORT),
                config.get(Settings.HTTP_ADMIN_TOKEN), config.get(Settings.HTTP_READ_TIMEOUT), config.get(Settings.HTTP_THREADS)), backend).start();
        if (config.get(Settings.HTTP_ADMIN_TOKEN).isBlank()) {
            LOG.warn("http.admin-token is not set: pin, unpin and rollback over HTTP answer 403");
        }
        LOG.info("StreamAdapt serving on HTTP port {}", http.port());
        return new StreamAdaptService(config, topics, opsProducer, models, meters, streams, http, scratch, fineTuned, trainingEnd,
                labels);
    }

    public boolean ready() {
        return streams.running() && models.holder().get().isPresent();
    }

    public void awaitReady(Duration timeout) throws InterruptedException {
        Waiting.until(this::ready, timeout, "Kafka Streams to run");
    }

    public int httpPort() {
        return http.port();
    }

    public Topics topics() {
        return topics;
    }

    public ModelRegistry registry() {
        return models.registry();
    }

    public ModelHolder holder() {
        return models.holder();
    }

    public TrainingMetrics trainingMetrics() {
        return meters.training();
    }

    /** The trainer's scratch shadow after its latest step in this process, if it has taken one. */
    public Optional<Classifier> scratchModel() {
        return Optional.ofNullable(scratch.get());
    }

    /** The trainer's fine-tuned line after its latest step in this process, whichever line serves. */
    public Optional<Classifier> fineTunedModel() {
        return Optional.ofNullable(fineTuned.get());
    }

    public LabelShiftMetrics labelShiftMetrics() {
        return meters.labelShift();
    }

    public ServedModel sourceModel() {
        return models.source();
    }

    public PrometheusMeterRegistry meters() {
        return meters.prometheus();
    }

    /** Stops taking work and closes both Streams clients within {@code shutdown.timeout}; returns whether they closed in time. */
    public boolean shutdown() {
        http.close();
        boolean closed = streams.close(config.get(Settings.SHUTDOWN_TIMEOUT), config.kafkaClientProperties().containsKey("group.instance.id"));
        trainingEnd.close();
        labels.close();
        LOG.info("Label-shift window: {} of {} labelled events matched a request this instance answered", labels.matched(), labels.seen());
        models.close();
        opsProducer.close(Duration.ofSeconds(5));
        meters.close();
        LOG.info("StreamAdapt stopped (Streams clients closed cleanly: {})", closed);
        return closed;
    }

    @Override
    public void close() {
        shutdown();
    }

    /** The client settings of the serving edge (commit interval included), for an application that must match it. */
    public static Map<String, Object> edgeProps(Config config, String applicationId) {
        return StreamsClients.edgeProps(config, applicationId, Map.of());
    }
}

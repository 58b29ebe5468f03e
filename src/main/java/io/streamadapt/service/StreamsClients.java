package io.streamadapt.service;

import io.streamadapt.adapt.ModelCodec;
import io.streamadapt.adapt.Trainer;
import io.streamadapt.adapt.TrainerMemory;
import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import io.streamadapt.contract.Validator;
import io.streamadapt.kafka.BoundedRocksDb;
import io.streamadapt.kafka.RecordErrorHandlers;
import io.streamadapt.kafka.TopicLimits;
import io.streamadapt.kafka.Topics;
import io.streamadapt.serving.PriorTracker;
import io.streamadapt.training.TrainingListener;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two Kafka Streams clients of an instance (see {@link ServiceTopology}): the edge (ingest and serving) and the
 * trainer, with their settings, their error handlers and a failed stream thread replaced rather than fatal.
 */
record StreamsClients(KafkaStreams edge, KafkaStreams trainer, ThreadFailures failures) {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsClients.class);

    /**
     * Builds both clients, binds their meters and starts them.
     *
     * @param training what the trainer reports to besides the meters
     */
    static StreamsClients start(Config config, Topics topics, TopicLimits limits, ModelBootstrap models, ServiceMeters meters,
                                PriorTracker priors, Function<TrainerMemory, Trainer> trainerFactory, ModelCodec codec,
                                TrainingListener training) {
        // the Streams producer refuses records above max.request.size before the broker sees them
        int deadLetterMaxBytes = Math.min(limits.dlq(), config.get(Settings.MODEL_MAX_BYTES));
        Validator validator = new Validator(config.get(Settings.RECORD_MAX_BYTES), models.holder()::labelSpace, deadLetterMaxBytes);
        Map<String, Object> handlers = RecordErrorHandlers.configs(meters.reliability(), topics.dlq().name(), deadLetterMaxBytes);
        Topology edgeTopology = ServiceTopology.edge(topics, new ServiceTopology.EdgeParts(validator, models.holder(), priors,
                meters.ingest(), meters.serving(), config.get(Settings.SERVING_BATCH_SIZE), config.get(Settings.SERVING_BATCH_MAX_WAIT)));
        Topology trainerTopology = ServiceTopology.trainer(topics, new ServiceTopology.TrainerParts(trainerFactory, models.newest(),
                models.source(), codec, TrainingListener.all(meters.training(), meters.labelShift(), training), Duration.ofSeconds(1),
                models.catalog(), config.get(Settings.MODELS_KEEP)));

        Map<String, Object> edgeProps = edgeProps(config, config.get(Settings.APPLICATION_ID), handlers);
        if (config.get(Settings.SERVING_BATCH_SIZE) > 1) {
            // the stream thread runs punctuators between polls: an idle poll must not outlast a request's batch wait
            edgeProps.putIfAbsent(StreamsConfig.POLL_MS_CONFIG, Math.max(1, config.get(Settings.SERVING_BATCH_MAX_WAIT).toMillis()));
        }
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
        meters.bindStreams(edge, trainer);
        edge.start();
        trainer.start();
        return new StreamsClients(edge, trainer, failures);
    }

    boolean running() {
        return edge.state() == KafkaStreams.State.RUNNING && trainer.state() == KafkaStreams.State.RUNNING;
    }

    /**
     * Closes both clients at once, so the whole shutdown stays within one {@code timeout}; returns whether both closed in
     * time.
     *
     * @param staticMembership whether the clients have a {@code group.instance.id}
     */
    boolean close(Duration timeout, boolean staticMembership) {
        // Without static membership a member that stays in the group keeps its partitions until the session times out,
        // which would stall a restarted instance; with it, staying lets the restarted pod take them back at once.
        CloseOptions close = CloseOptions.timeout(timeout).withGroupMembershipOperation(staticMembership
                ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP : CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
        CompletableFuture<Boolean> trainerClose = CompletableFuture.supplyAsync(() -> trainer.close(close));
        boolean edgeClosed = edge.close(close);
        boolean trainerClosed = trainerClose.join();
        LOG.info("Kafka Streams closed (edge closed cleanly: {}, trainer closed cleanly: {})", edgeClosed, trainerClosed);
        return edgeClosed && trainerClosed;
    }

    /** The client settings of a Kafka Streams application that serves requests: the edge, or the bench's passthrough. */
    static Map<String, Object> edgeProps(Config config, String applicationId, Map<String, Object> handlers) {
        Map<String, Object> p = streamsProps(config, applicationId, config.get(Settings.STREAM_THREADS), handlers);
        // a prediction is readable only once its transaction commits: the edge commits more often than the trainer
        if (!config.kafkaClientProperties().containsKey(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)) {
            p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Math.max(1, config.get(Settings.SERVING_COMMIT_INTERVAL).toMillis()));
        }
        return p;
    }

    static Map<String, Object> streamsProps(Config config, String applicationId, int threads, Map<String, Object> handlers) {
        Map<String, Object> p = new HashMap<>(config.kafkaClientProperties());
        p.putAll(handlers);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.get(Settings.PROCESSING_GUARANTEE));
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.get(Settings.STATE_DIR));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.get(Settings.REPLICATION_FACTOR));
        p.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        p.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
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
}

package io.streamadapt.service;

import io.streamadapt.adapt.ModelCodec;
import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import io.streamadapt.kafka.KafkaProps;
import io.streamadapt.kafka.Topics;
import io.streamadapt.model.ModelOperations;
import io.streamadapt.model.ModelRegistry;
import io.streamadapt.model.ModelSource;
import io.streamadapt.model.ModelVersion;
import io.streamadapt.model.ModelsTopicFeed;
import io.streamadapt.model.ServedModel;
import io.streamadapt.serving.ModelHolder;
import io.streamadapt.training.VersionCatalog;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models side of start-up: follows the models topic into the registry and the serving holder, publishes the source
 * model as version 0 when the topic is empty, and waits until version 0 is served. Nothing else starts before it is
 * done, so no request or labelled event meets an instance without a model.
 *
 * @param source version 0 as loaded from the topic (the frozen source model the trainer scores beside the serving one)
 */
record ModelBootstrap(ModelRegistry registry, ModelsTopicFeed feed, ModelHolder holder, ServedModel source) implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelBootstrap.class);

    static ModelBootstrap start(Config config, Topics topics, ModelCodec codec, Producer<String, byte[]> producer,
                                ModelVersion versionZero) throws InterruptedException {
        ModelRegistry registry = new ModelRegistry(codec);
        ModelsTopicFeed feed = ModelsTopicFeed.of(KafkaProps.follower(config, "models"), topics.models().name(), registry);
        ModelHolder holder = new ModelHolder(config.get(Settings.ALLOW_NEW_LABELS));
        registry.onChange(holder::follow);
        feed.start();
        if (!feed.awaitCaughtUp(Duration.ofMinutes(2))) {
            throw new IllegalStateException("models topic could not be read");
        }
        if (registry.latest().isEmpty()) {
            LOG.info("Models topic is empty: publishing the source model as version 0");
            ModelOperations.publish(producer, topics.models().name(), versionZero);
        }
        Waiting.until(() -> holder.get().isPresent() && registry.version(0).isPresent(), Duration.ofMinutes(1), "version 0 to be served");
        ModelVersion zero = registry.version(0).orElseThrow();
        return new ModelBootstrap(registry, feed, holder, new ServedModel(0, registry.load(zero), zero.calibration()));
    }

    /** The registry as the trainer sees it when it applies operator commands. */
    VersionCatalog catalog() {
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
    ModelSource newest() {
        AtomicReference<ServedModel> cache = new AtomicReference<>();
        return () -> {
            Optional<ModelVersion> latest = registry.latest();
            if (latest.isEmpty()) {
                return Optional.empty();
            }
            ServedModel c = cache.get();
            if (c == null || c.version() != latest.get().version()) {
                c = new ServedModel(latest.get().version(), registry.load(latest.get()));
                cache.set(c);
            }
            return Optional.of(c);
        };
    }

    @Override
    public void close() {
        feed.close();
    }
}

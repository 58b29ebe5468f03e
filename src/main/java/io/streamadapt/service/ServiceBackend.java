package io.streamadapt.service;

import io.streamadapt.http.ApiError;
import io.streamadapt.http.Backend;
import io.streamadapt.model.ModelOperations;
import io.streamadapt.model.ModelRegistry;
import io.streamadapt.model.ServedModel;
import io.streamadapt.serving.ModelHolder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The HTTP API over the running service. Liveness fails only for what a restart would fix (a Streams client in ERROR
 * or NOT_RUNNING, a registry whose thread died); readiness says whether this instance answers requests now, and why not.
 */
final class ServiceBackend implements Backend {
    /** A stream thread that failed this recently makes the instance not ready: it may be failing on every record. */
    static final Duration RECENT_FAILURE = Duration.ofSeconds(30);

    private final Map<String, KafkaStreams> clients;
    private final KafkaStreams edge;
    private final ModelRegistry registry;
    private final ModelHolder holder;
    private final ModelOperations ops;
    private final ThreadFailures failures;
    private final Function<String, Scrape> metrics;

    ServiceBackend(KafkaStreams edge, KafkaStreams trainer, ModelRegistry registry, ModelHolder holder, ModelOperations ops,
                   ThreadFailures failures, Function<String, Scrape> metrics) {
        this.clients = Map.of("edge", edge, "trainer", trainer);
        this.edge = edge;
        this.registry = registry;
        this.holder = holder;
        this.ops = ops;
        this.failures = failures;
        this.metrics = metrics;
    }

    @Override
    public List<String> livenessProblems() {
        List<String> problems = new ArrayList<>();
        clients.forEach((name, ks) -> {
            KafkaStreams.State s = ks.state();
            if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING || s == KafkaStreams.State.PENDING_ERROR) {
                problems.add("the " + name + " Kafka Streams client is " + s);
            }
        });
        if (!registry.following()) {
            problems.add("the model registry stopped following the models topic");
        }
        return problems;
    }

    @Override
    public List<String> readinessProblems() {
        List<String> problems = new ArrayList<>(livenessProblems());
        KafkaStreams.State s = edge.state();
        if (s != KafkaStreams.State.RUNNING && problems.isEmpty()) {
            problems.add("the serving Kafka Streams client is " + s + (s == KafkaStreams.State.REBALANCING ? " (restoring or reassigning tasks)" : ""));
        }
        if (holder.get().isEmpty()) {
            problems.add("no model is loaded yet");
        }
        long recent = failures.since(System.currentTimeMillis() - RECENT_FAILURE.toMillis(), "edge");
        if (recent > 0) {
            problems.add("a serving stream thread failed " + recent + " time(s) in the last " + RECENT_FAILURE.toSeconds() + " s");
        }
        return problems;
    }

    @Override
    public Scrape scrape(String accept) {
        return metrics.apply(accept);
    }

    @Override
    public ModelList models() {
        return new ModelList(holder.get().map(ServedModel::version).orElse(null), registry.pinned().orElse(null), registry.summaries());
    }

    @Override
    public Optional<Map<String, Object>> version(long version) {
        return registry.summary(version);
    }

    @Override
    public void pin(long version) {
        run(() -> ops.pin(version));
    }

    @Override
    public void unpin() {
        run(ops::unpin);
    }

    @Override
    public RolledBack rollback(long version) {
        try {
            ModelOperations.Rollback r = ops.rollback(version);
            return new RolledBack(version, r.newVersion().orElse(null), r.command());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.unavailable("interrupted");
        } catch (NoSuchElementException e) {
            throw ApiError.notFound(e.getMessage());
        } catch (IllegalStateException e) {
            throw ApiError.unavailable("the command could not be sent to Kafka; try again");
        }
    }

    /** Domain outcomes of an operator action as HTTP errors; the text is ours, never the exception's cause. */
    private static void run(Runnable action) {
        try {
            action.run();
        } catch (NoSuchElementException e) {
            throw ApiError.notFound(e.getMessage());
        } catch (IllegalStateException e) {
            throw ApiError.unavailable("the command could not be sent to Kafka; try again");
        }
    }
}

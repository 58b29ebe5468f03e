package io.streamadapt.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.streamadapt.kafka.SkippedRecords;
import io.streamadapt.model.ModelRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the service survived: records the Kafka Streams error handlers skipped (by topic and cause), unreadable records
 * on the models topic, and whether the registry still follows that topic. Every known series starts at zero so an
 * alert on {@code increase()} sees the first skipped record.
 */
public final class ReliabilityMetrics implements MeterBinder, SkippedRecords {
    static final String SKIPPED = "streamadapt.records.skipped";
    private static final String SKIPPED_DESCRIPTION = "Records skipped by the error handlers, by topic and cause (unproducible, processing, deserialization)";

    private final ModelRegistry registry;
    private final List<String> topics;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private volatile MeterRegistry meters;

    /** @param topics topics whose series are registered at zero */
    public ReliabilityMetrics(ModelRegistry registry, Collection<String> topics) {
        this.registry = registry;
        this.topics = List.copyOf(topics);
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        this.meters = meters;
        for (String topic : topics) {
            for (Cause cause : Cause.values()) {
                counter(topic, cause);
            }
        }
        FunctionCounter.builder("streamadapt.model.records.skipped", registry, ModelRegistry::skippedRecords)
                .description("Records on the models topic that could not be read (malformed pin, version or artifact) and were skipped")
                .register(meters);
        Gauge.builder("streamadapt.model.registry.following", registry, r -> r.following() ? 1 : 0)
                .description("1 while this instance's registry follows the models topic, 0 once its thread has died")
                .register(meters);
    }

    @Override
    public void skipped(String topic, Cause cause) {
        Counter c = counter(topic, cause);
        if (c != null) {
            c.increment();
        }
    }

    private Counter counter(String topic, Cause cause) {
        MeterRegistry r = meters;
        if (r == null) {
            return null;
        }
        return counters.computeIfAbsent(topic + "," + cause, k -> Counter.builder(SKIPPED).description(SKIPPED_DESCRIPTION)
                .tags("topic", topic, "cause", cause.label()).register(r));
    }
}

package io.streamadapt.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.streamadapt.contract.RejectReason;
import io.streamadapt.ingest.IngestListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Events by topic and outcome, dead letters by reason. Tags are topic names and reason names: bounded sets. */
public final class IngestMetrics implements MeterBinder, IngestListener {
    private volatile MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void accepted(String topic) {
        count("streamadapt.events", "Records read from an input topic, by outcome", "topic", topic, "outcome", "accepted");
    }

    @Override
    public void rejected(String topic, RejectReason reason) {
        count("streamadapt.events", "Records read from an input topic, by outcome", "topic", topic, "outcome", "dead_letter");
        count("streamadapt.dead.letters", "Records sent to the dead-letter topic, by reason", "reason", reason.label());
    }

    private void count(String name, String description, String... tags) {
        MeterRegistry r = registry;
        if (r == null) return;
        counters.computeIfAbsent(name + String.join(",", tags),
                k -> Counter.builder(name).description(description).tags(tags).register(r)).increment();
    }
}

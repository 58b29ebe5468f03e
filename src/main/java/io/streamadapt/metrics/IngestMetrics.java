package io.streamadapt.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.streamadapt.contract.RejectReason;
import io.streamadapt.ingest.IngestListener;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Events by topic and outcome, dead letters by reason. Tags are topic names and reason names: bounded sets.
 *
 * <p>Every series that can be known up front is registered at zero when the binder is bound: the dead-letter counter
 * for each {@link RejectReason}, and both outcomes of each input topic given to the constructor. Prometheus'
 * {@code rate()} and {@code increase()} need a sample before the first increment, so a counter that only appears with
 * its first dead letter would hide exactly that dead letter from dashboards and alerts.
 */
public final class IngestMetrics implements MeterBinder, IngestListener {
    static final String EVENTS = "streamadapt.events";
    static final String DEAD_LETTERS = "streamadapt.dead.letters";
    static final String ACCEPTED = "accepted";
    static final String DEAD_LETTER = "dead_letter";
    private static final String EVENTS_DESCRIPTION = "Records read from an input topic, by outcome";
    private static final String DEAD_LETTERS_DESCRIPTION = "Records sent to the dead-letter topic, by reason";

    private final List<String> inputTopics;
    private volatile MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /** Topics' event counters appear with their first record. */
    public IngestMetrics() {
        this(List.of());
    }

    /** @param inputTopics topics whose event counters are registered at zero when bound */
    public IngestMetrics(Collection<String> inputTopics) {
        this.inputTopics = List.copyOf(inputTopics);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        for (String topic : inputTopics) {
            counter(EVENTS, EVENTS_DESCRIPTION, "topic", topic, "outcome", ACCEPTED);
            counter(EVENTS, EVENTS_DESCRIPTION, "topic", topic, "outcome", DEAD_LETTER);
        }
        for (RejectReason reason : RejectReason.values()) {
            counter(DEAD_LETTERS, DEAD_LETTERS_DESCRIPTION, "reason", reason.label());
        }
    }

    @Override
    public void accepted(String topic) {
        increment(EVENTS, EVENTS_DESCRIPTION, "topic", topic, "outcome", ACCEPTED);
    }

    @Override
    public void rejected(String topic, RejectReason reason) {
        increment(EVENTS, EVENTS_DESCRIPTION, "topic", topic, "outcome", DEAD_LETTER);
        increment(DEAD_LETTERS, DEAD_LETTERS_DESCRIPTION, "reason", reason.label());
    }

    private void increment(String name, String description, String... tags) {
        Counter c = counter(name, description, tags);
        if (c != null) {
            c.increment();
        }
    }

    /** The counter for a name and tags, registered on first use; null before the binder is bound. */
    private Counter counter(String name, String description, String... tags) {
        MeterRegistry r = registry;
        if (r == null) {
            return null;
        }
        return counters.computeIfAbsent(name + String.join(",", tags),
                k -> Counter.builder(name).description(description).tags(tags).register(r));
    }
}

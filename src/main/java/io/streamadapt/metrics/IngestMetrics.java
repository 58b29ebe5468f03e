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
    // looked up per record on the serving path: one map read by topic, no key built from name and tags
    private volatile Map<String, Counter> accepted = new ConcurrentHashMap<>();
    private volatile Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private volatile Counter[] byReason = new Counter[0];

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
        Map<String, Counter> acceptedByTopic = new ConcurrentHashMap<>();
        Map<String, Counter> deadLettersByTopic = new ConcurrentHashMap<>();
        for (String topic : inputTopics) {
            acceptedByTopic.put(topic, events(registry, topic, ACCEPTED));
            deadLettersByTopic.put(topic, events(registry, topic, DEAD_LETTER));
        }
        Counter[] reasons = new Counter[RejectReason.values().length];
        for (RejectReason reason : RejectReason.values()) {
            reasons[reason.ordinal()] = Counter.builder(DEAD_LETTERS).description(DEAD_LETTERS_DESCRIPTION)
                    .tag("reason", reason.label()).register(registry);
        }
        this.accepted = acceptedByTopic;
        this.deadLetters = deadLettersByTopic;
        this.byReason = reasons;
        this.registry = registry;
    }

    @Override
    public void accepted(String topic) {
        increment(accepted, topic, ACCEPTED);
    }

    @Override
    public void rejected(String topic, RejectReason reason) {
        if (increment(deadLetters, topic, DEAD_LETTER)) {
            byReason[reason.ordinal()].increment();
        }
    }

    /** Counts one event of a topic, registering its counter on first use; false before the binder is bound. */
    private boolean increment(Map<String, Counter> byTopic, String topic, String outcome) {
        MeterRegistry r = registry;
        if (r == null) {
            return false;
        }
        byTopic.computeIfAbsent(topic, t -> events(r, t, outcome)).increment();
        return true;
    }

    private static Counter events(MeterRegistry registry, String topic, String outcome) {
        return Counter.builder(EVENTS).description(EVENTS_DESCRIPTION).tags("topic", topic, "outcome", outcome).register(registry);
    }
}

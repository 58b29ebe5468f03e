package io.streamadapt.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamadapt.contract.RejectReason;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestMetricsTest {
    private static final String LABELED = "adapt.labeled";
    private static final String REQUESTS = "adapt.requests";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double events(String topic, String outcome) {
        return registry.get("streamadapt.events").tag("topic", topic).tag("outcome", outcome).counter().count();
    }

    private double deadLetters(RejectReason reason) {
        return registry.get("streamadapt.dead.letters").tag("reason", reason.label()).counter().count();
    }

    @Test
    void deadLetterCountersExistAtZeroForEveryReasonOnceBound() {
        new IngestMetrics().bindTo(registry);

        assertThat(registry.find("streamadapt.dead.letters").counters()).extracting(c -> c.getId().getTag("reason"))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(RejectReason.values()).map(RejectReason::label).toList());
        assertThat(registry.find("streamadapt.dead.letters").counters()).allSatisfy(c -> assertThat(c.count()).isZero());
    }

    @Test
    void eventCountersOfGivenTopicsExistAtZeroOnceBound() {
        new IngestMetrics(List.of(LABELED, REQUESTS)).bindTo(registry);

        assertThat(events(LABELED, "accepted")).isZero();
        assertThat(events(LABELED, "dead_letter")).isZero();
        assertThat(events(REQUESTS, "accepted")).isZero();
        assertThat(events(REQUESTS, "dead_letter")).isZero();
    }

    @Test
    void everyMeterHasADescription() {
        IngestMetrics metrics = new IngestMetrics(List.of(LABELED));
        metrics.bindTo(registry);
        metrics.accepted(REQUESTS);
        metrics.rejected(REQUESTS, RejectReason.OVERSIZE);

        assertThat(registry.getMeters()).isNotEmpty().allSatisfy(m ->
                assertThat(m.getId().getDescription()).as(m.getId().getName()).isNotBlank());
    }

    @Test
    void eventsAreCountedByTopicAndOutcome() {
        IngestMetrics metrics = new IngestMetrics();
        metrics.bindTo(registry);

        metrics.accepted(LABELED);
        metrics.accepted(LABELED);
        metrics.accepted(REQUESTS);
        metrics.rejected(LABELED, RejectReason.UNKNOWN_LABEL);

        assertThat(events(LABELED, "accepted")).isEqualTo(2);
        assertThat(events(REQUESTS, "accepted")).isEqualTo(1);
        assertThat(events(LABELED, "dead_letter")).isEqualTo(1);
        assertThat(registry.find("streamadapt.events").tag("topic", REQUESTS).tag("outcome", "dead_letter").counter()).isNull();
    }

    @Test
    void deadLettersAreCountedByReasonAcrossTopics() {
        IngestMetrics metrics = new IngestMetrics(List.of(LABELED, REQUESTS));
        metrics.bindTo(registry);

        metrics.rejected(LABELED, RejectReason.MALFORMED_JSON);
        metrics.rejected(REQUESTS, RejectReason.MALFORMED_JSON);
        metrics.rejected(REQUESTS, RejectReason.WRONG_FEATURE_COUNT);

        assertThat(deadLetters(RejectReason.MALFORMED_JSON)).isEqualTo(2);
        assertThat(deadLetters(RejectReason.WRONG_FEATURE_COUNT)).isEqualTo(1);
        assertThat(deadLetters(RejectReason.NON_FINITE_VALUE)).isZero();
        assertThat(events(LABELED, "dead_letter")).isEqualTo(1);
        assertThat(events(REQUESTS, "dead_letter")).isEqualTo(2);
        assertThat(events(REQUESTS, "accepted")).isZero();
    }

    @Test
    void tagsAreTopicOutcomeAndReasonOnlyAndDoNotGrowWithTraffic() {
        IngestMetrics metrics = new IngestMetrics(List.of(LABELED, REQUESTS));
        metrics.bindTo(registry);
        int before = registry.getMeters().size();

        for (int i = 0; i < 500; i++) {
            metrics.accepted(i % 2 == 0 ? LABELED : REQUESTS);
            metrics.rejected(i % 2 == 0 ? LABELED : REQUESTS, RejectReason.values()[i % RejectReason.values().length]);
        }

        assertThat(registry.getMeters()).hasSize(before);
        assertThat(registry.getMeters()).flatExtracting(m -> m.getId().getTags()).extracting(Tag::getKey)
                .containsOnly("topic", "outcome", "reason");
        double total = registry.find("streamadapt.events").counters().stream().mapToDouble(Counter::count).sum();
        assertThat(total).isEqualTo(1000);
    }

    @Test
    void recordsSeenBeforeBindingAreNotCountedAndDoNotFail() {
        IngestMetrics metrics = new IngestMetrics();
        metrics.accepted(LABELED);
        metrics.rejected(LABELED, RejectReason.OVERSIZE);
        metrics.bindTo(registry);

        assertThat(registry.find("streamadapt.events").counters()).isEmpty();
        assertThat(deadLetters(RejectReason.OVERSIZE)).isZero();
    }
}

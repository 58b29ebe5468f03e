package io.streamadapt.metrics.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventRateTest {
    @Test
    void countsTheEventsOfTheLastSecondsPerSecond() {
        EventRate r = new EventRate(10);
        for (long t = 0; t < 20_000; t += 10) r.record(t); // 100 events a second for 20 s
        assertThat(r.perSecond(19_999)).isEqualTo(100.0);
    }

    @Test
    void aYoungRateIsOverTheSecondsSinceTheFirstEvent() {
        EventRate r = new EventRate(10);
        for (long t = 5_000; t < 7_000; t += 20) r.record(t); // 50 a second for 2 s
        assertThat(r.perSecond(6_999)).isEqualTo(50.0);
    }

    @Test
    void eventsOlderThanTheWindowNoLongerCount() {
        EventRate r = new EventRate(5);
        for (long t = 0; t < 1_000; t += 10) r.record(t);
        assertThat(r.perSecond(4_999)).isEqualTo(20.0);
        assertThat(r.perSecond(5_000)).isZero();
        assertThat(new EventRate(5).perSecond(1_000)).isZero();
    }
}

package io.streamadapt.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class StreamsLagTest {
    private static final TopicPartition P0 = new TopicPartition("adapt.requests", 0);
    private static final TopicPartition P1 = new TopicPartition("adapt.requests", 1);
    private static final TopicPartition P2 = new TopicPartition("adapt.labeled", 0);

    @Test
    void lagIsEndMinusCommittedSummedOverPartitions() {
        assertThat(StreamsLag.lag(Map.of(P0, 120L, P1, 40L), Map.of(P0, 100L, P1, 10L))).isEqualTo(50);
    }

    @Test
    void partitionsWithoutAKnownCommittedOrEndOffsetAreLeftOut() {
        assertThat(StreamsLag.lag(Map.of(P0, 120L, P1, 40L, P2, -1L), Map.of(P0, 100L, P2, 5L))).isEqualTo(20);
    }

    @Test
    void aCommitAheadOfTheLastSeenEndOffsetIsNoNegativeLag() {
        assertThat(StreamsLag.lag(Map.of(P0, 100L), Map.of(P0, 101L))).isZero();
    }
}

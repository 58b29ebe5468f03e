package io.streamadapt.adapt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReservoirAndHoldoutTest {
    @Test
    void theReservoirFillsItsSlotsInOrderFirst() {
        Reservoir r = new Reservoir(5, 3);
        assertThat(IntStream.range(0, 5).map(i -> r.slotFor(i))).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void theReservoirKeepsAboutCapacityOverSeenOfLaterExamples() {
        Reservoir r = new Reservoir(100, 3);
        long kept = IntStream.range(1000, 11_000).filter(i -> r.slotFor(i) >= 0).count();
        // Algorithm R keeps the i-th example with probability 100 / (i + 1): about 100 * ln(11) ~ 240 of these.
        assertThat(kept).isBetween(190L, 290L);
    }

    @Test
    void theReservoirMakesTheSameChoicesAfterARestart() {
        Reservoir a = new Reservoir(50, 9);
        Reservoir b = new Reservoir(50, 9);
        assertThat(IntStream.range(0, 5000).map(a::slotFor).toArray()).containsExactly(IntStream.range(0, 5000).map(b::slotFor).toArray());
    }

    @Test
    void anEmptyReservoirKeepsNothing() {
        assertThat(new Reservoir(0, 1).slotFor(0)).isEqualTo(-1);
    }

    @Test
    void theHoldoutPolicyTakesEveryFifthArrival() {
        assertThat(IntStream.range(0, 20).filter(HoldoutPolicy.DEFAULT::isHoldout)).containsExactly(4, 9, 14, 19);
    }

    @Test
    void aZeroPeriodHoldsNothingOut() {
        assertThat(IntStream.range(0, 20).filter(new HoldoutPolicy(0)::isHoldout)).isEmpty();
    }
}

package io.streamadapt.adapt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BinomialTest {
    @Test
    void theUpperTailMatchesTheSumOfTheProbabilitiesByHand() {
        // P(X >= 5), X ~ Bin(10, 0.1): sum over j = 5..10 of C(10, j) 0.1^j 0.9^(10-j)
        double byHand = 252 * Math.pow(0.1, 5) * Math.pow(0.9, 5) + 210 * Math.pow(0.1, 6) * Math.pow(0.9, 4)
                + 120 * Math.pow(0.1, 7) * Math.pow(0.9, 3) + 45 * Math.pow(0.1, 8) * Math.pow(0.9, 2)
                + 10 * Math.pow(0.1, 9) * 0.9 + Math.pow(0.1, 10);
        assertThat(Binomial.atLeast(5, 10, 0.1)).isCloseTo(byHand, within(1e-12));
        assertThat(Binomial.atLeast(3, 3, 0.5)).isCloseTo(0.125, within(1e-12));
    }

    @Test
    void theFirstMicroBatchNeedsFiveRightInTenAgainstOneClassInTen() {
        assertThat(Binomial.atLeast(5, 10, 0.1)).isLessThan(SourceTransfer.ALPHA);
        assertThat(Binomial.atLeast(4, 10, 0.1)).isGreaterThan(SourceTransfer.ALPHA);
    }

    @Test
    void edgesAreCertainOrImpossible() {
        assertThat(Binomial.atLeast(0, 10, 0.3)).isEqualTo(1.0);
        assertThat(Binomial.atLeast(11, 10, 0.3)).isEqualTo(0.0);
        assertThat(Binomial.atLeast(1, 10, 0.0)).isEqualTo(0.0);
        assertThat(Binomial.atLeast(10, 10, 1.0)).isEqualTo(1.0);
    }

    @Test
    void aTailOfSeveralHundredTrialsStaysFinite() {
        assertThat(Binomial.atLeast(300, 500, 0.5)).isBetween(0.0, 1e-5);
    }
}

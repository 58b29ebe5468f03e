package io.streamadapt.adapt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProbabilitiesTest {
    @Test
    void argmaxBreaksTiesTowardsTheLowestIndex() {
        assertThat(Probabilities.argmax(new double[] {0.2, 0.4, 0.4})).isEqualTo(1);
        assertThat(Probabilities.argmax(new double[] {0.0, 0.0})).isZero();
        assertThat(Probabilities.argmax(new double[][] {{0.1, 0.9}, {0.5, 0.5}, {0.3, 0.2}})).containsExactly(1, 0, 0);
    }

    @Test
    void argmaxOfAnEmptyRowIsAnError() {
        assertThatThrownBy(() -> Probabilities.argmax(new double[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} of {1} is {2}")
    @CsvSource({"3, 4, 0.75", "0, 5, 0.0", "5, 5, 1.0", "0, 0, NaN"})
    void accuracyIsCorrectOverTotalAndNaNForNothing(int correct, int total, double expected) {
        // compare() treats NaN as equal to itself
        assertThat(Double.compare(Probabilities.accuracy(correct, total), expected)).isZero();
    }

    @Test
    void crossEntropyIsTheMeanNegativeLogOfTheTrueClass() {
        double[][] p = {{0.7, 0.3}, {0.2, 0.8}};
        assertThat(Probabilities.crossEntropy(new int[] {0, 1}, p)).isCloseTo(-(Math.log(0.7) + Math.log(0.8)) / 2, within(1e-12));
        assertThat(Probabilities.crossEntropy(new int[0], new double[0][])).isNaN();
    }

    @Test
    void anUnknownOrMissingClassCostsTheFloorInsteadOfInfinity() {
        double floor = -Math.log(Probabilities.MIN_PROBABILITY);
        assertThat(Probabilities.crossEntropy(new int[] {-1}, new double[][] {{0.5, 0.5}})).isCloseTo(floor, within(1e-9));
        assertThat(Probabilities.crossEntropy(new int[] {2}, new double[][] {{0.5, 0.5}})).isCloseTo(floor, within(1e-9));
        assertThat(Probabilities.crossEntropy(new int[] {0}, new double[][] {{0.0, 1.0}})).isCloseTo(floor, within(1e-9));
    }
}

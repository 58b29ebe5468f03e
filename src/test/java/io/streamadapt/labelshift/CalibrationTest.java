package io.streamadapt.labelshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamadapt.adapt.Classifier;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationTest {
    private final SyntheticShift world = new SyntheticShift(new double[]{0.25, 0.25, 0.25, 0.25}, 2.0);

    @Test
    void temperatureScalingUndoesOverconfidence() {
        SyntheticShift.Sample s = world.sample(world.trainingPriors, 5_000, new Random(1));
        double[][] overconfident = TemperatureScaling.apply(s.posteriors(), 0.4);
        double t = TemperatureScaling.fit(overconfident, s.labels());
        assertThat(t).isCloseTo(2.5, within(0.3));
        double before = CalibrationError.ece(overconfident, s.labels());
        double after = CalibrationError.ece(TemperatureScaling.apply(overconfident, t), s.labels());
        assertThat(after).isLessThan(before / 3);
    }

    @Test
    void temperatureOfCalibratedPosteriorsStaysNearOne() {
        SyntheticShift.Sample s = world.sample(world.trainingPriors, 5_000, new Random(2));
        assertThat(TemperatureScaling.fit(s.posteriors(), s.labels())).isCloseTo(1.0, within(0.1));
        assertThat(CalibrationError.ece(s.posteriors(), s.labels())).isLessThan(0.03);
    }

    @Test
    void temperatureKeepsTheMostProbableClass() {
        double[] p = {0.1, 0.6, 0.3};
        assertThat(Classifier.argmax(new double[][]{TemperatureScaling.apply(p, 3)})[0]).isEqualTo(1);
        assertThat(TemperatureScaling.apply(p, 1)).containsExactly(p);
    }

    @Test
    void eceOfAlwaysRightAndFullyConfidentPredictionsIsZero() {
        assertThat(CalibrationError.ece(new double[]{1, 1}, new boolean[]{true, true})).isZero();
        assertThat(CalibrationError.ece(new double[]{0.9, 0.9}, new boolean[]{false, false})).isCloseTo(0.9, within(1e-9));
        assertThat(CalibrationError.ece(new double[0], new boolean[0])).isNaN();
    }
}

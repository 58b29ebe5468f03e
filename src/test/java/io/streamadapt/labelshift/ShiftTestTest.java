package io.streamadapt.labelshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ShiftTestTest {
    @Test
    void criticalValuesMatchTheChiSquaredTable() {
        // upper 1% points: 6.635 (1 df), 21.666 (9 df), 37.566 (20 df)
        assertThat(ShiftTest.critical(1)).isCloseTo(6.635, within(0.3));
        assertThat(ShiftTest.critical(9)).isCloseTo(21.666, within(0.1));
        assertThat(ShiftTest.critical(20)).isCloseTo(37.566, within(0.1));
    }

    @Test
    void falseAlarmsOnUnshiftedWindowsStayNearTheSignificanceLevel() {
        double[] priors = {0.2, 0.3, 0.5};
        SyntheticShift model = new SyntheticShift(priors, 1.5);
        Random random = new Random(11);
        int alarms = 0;
        int runs = 200;
        for (int r = 0; r < runs; r++) {
            SyntheticShift.Sample s = model.sample(priors, 400, random);
            double[] q = PriorEstimators.em(s.posteriors(), priors);
            alarms += ShiftTest.significant(ShiftTest.statistic(s.posteriors(), priors, q, 0), 3) ? 1 : 0;
        }
        assertThat(alarms).as("false alarms in %d unshifted windows", runs).isLessThanOrEqualTo(runs * 3 / 100);
    }

    @Test
    void detectsAShiftAndDiscountsReferencePriorsMeasuredOnFewEvents() {
        double[] priors = {0.2, 0.3, 0.5};
        SyntheticShift model = new SyntheticShift(priors, 1.5);
        SyntheticShift.Sample s = model.sample(new double[]{0.5, 0.3, 0.2}, 400, new Random(12));
        double[] q = PriorEstimators.em(s.posteriors(), priors);
        double exact = ShiftTest.statistic(s.posteriors(), priors, q, 0);
        assertThat(ShiftTest.significant(exact, 3)).isTrue();
        assertThat(ShiftTest.statistic(s.posteriors(), priors, q, 400)).isCloseTo(exact / 2, within(1e-9));
        assertThat(ShiftTest.statistic(s.posteriors(), priors, priors, 0)).as("no change, no evidence").isCloseTo(0, within(1e-9));
    }
}

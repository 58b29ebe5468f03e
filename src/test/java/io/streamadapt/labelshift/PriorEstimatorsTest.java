package io.streamadapt.labelshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamadapt.adapt.Classifier;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PriorEstimatorsTest {
    private static final double[] TRAIN = {0.25, 0.25, 0.25, 0.25};
    private static final double[] TARGET = {0.55, 0.2, 0.15, 0.1};
    private final SyntheticShift world = new SyntheticShift(TRAIN, 2.0);

    @Test
    void emRecoversKnownTargetPriorsFromCalibratedPosteriors() {
        SyntheticShift.Sample s = world.sample(TARGET, 20_000, new Random(1));
        assertThat(Priors.l1(PriorEstimators.em(s.posteriors(), TRAIN), TARGET)).isLessThan(0.04);
    }

    @Test
    void bbseRecoversKnownTargetPriorsWithAHeldOutConfusionMatrix() {
        SyntheticShift.Sample holdout = world.sample(TRAIN, 20_000, new Random(2));
        double[][] c = PriorEstimators.confusion(Classifier.argmax(holdout.posteriors()), holdout.labels(), 4);
        SyntheticShift.Sample s = world.sample(TARGET, 20_000, new Random(3));
        double[] q = PriorEstimators.bbse(c, PriorEstimators.predictedShare(s.posteriors(), 4));
        assertThat(Priors.l1(q, TARGET)).isLessThan(0.06);
    }

    @Test
    void emErrorShrinksAsTheWindowGrows() {
        assertErrorShrinks(false, 0.05);
    }

    @Test
    void bbseErrorShrinksAsTheWindowGrows() {
        assertErrorShrinks(true, 0.08);
    }

    private void assertErrorShrinks(boolean bbse, double largeWindowBound) {
        double small = meanError(100, bbse);
        double medium = meanError(1_000, bbse);
        double large = meanError(10_000, bbse);
        assertThat(medium).isLessThan(small);
        assertThat(large).isLessThan(medium);
        assertThat(large).isLessThan(largeWindowBound);
    }

    @Test
    void emBeatsTheNaivePredictedShareUnderShift() {
        SyntheticShift.Sample s = world.sample(TARGET, 5_000, new Random(4));
        double naive = Priors.l1(PriorEstimators.predictedShare(s.posteriors(), 4), TARGET);
        double em = Priors.l1(PriorEstimators.em(s.posteriors(), TRAIN), TARGET);
        assertThat(em).isLessThan(naive / 2);
    }

    @Test
    void aFewPseudoRowsKeepAClassTheRowsOnlyLeanAwayFromOffZero() {
        // every row leans a little to the first class: maximum likelihood gives the second class nothing at all
        double[][] leaning = new double[200][];
        Arrays.fill(leaning, new double[]{0.6, 0.4});
        double[] train = {0.5, 0.5};
        assertThat(PriorEstimators.em(leaning, train)[1]).isLessThan(0.001);
        assertThat(PriorEstimators.em(leaning, train, null, 1e-9, 0.05 * leaning.length)[1]).isGreaterThan(0.02);
    }

    @Test
    void aMildPriorOnTheTrainingPriorsStillFindsARealShift() {
        SyntheticShift.Sample s = world.sample(TARGET, 20_000, new Random(1));
        double[] map = PriorEstimators.em(s.posteriors(), TRAIN, null, 1e-9, 0.05 * s.posteriors().length);
        assertThat(Priors.l1(map, TARGET)).isLessThan(0.08);
        assertThat(PriorEstimators.em(s.posteriors(), TRAIN, null, 1e-9, 0)).containsExactly(PriorEstimators.em(s.posteriors(), TRAIN),
                within(1e-6));
    }

    @Test
    void emKeepsTrainingPriorsWhenThereIsNoShift() {
        SyntheticShift.Sample s = world.sample(TRAIN, 20_000, new Random(5));
        assertThat(Priors.l1(PriorEstimators.em(s.posteriors(), TRAIN), TRAIN)).isLessThan(0.04);
    }

    @Test
    void bbseGivesAClassMissingFromTheHoldoutItsPredictedShare() {
        double[][] c = PriorEstimators.confusion(new int[]{0, 1, 1}, new int[]{0, 1, 1}, 3);
        assertThat(c[2][2]).isEqualTo(1.0);
        double[] q = PriorEstimators.bbse(c, new double[]{0.2, 0.3, 0.5});
        assertThat(q).containsExactly(new double[]{0.2, 0.3, 0.5}, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void totalVariationIsHalfTheL1Distance() {
        assertThat(Priors.totalVariation(new double[]{1, 0}, new double[]{0, 1})).isEqualTo(1.0);
        assertThat(Priors.totalVariation(TARGET, TARGET)).isZero();
    }

    /** Mean L1 error over 20 windows of {@code n} requests, with a 2,000-event holdout for BBSE. */
    private double meanError(int n, boolean bbse) {
        Random random = new Random(n * 7L + (bbse ? 1 : 0));
        double sum = 0;
        int runs = 20;
        for (int r = 0; r < runs; r++) {
            SyntheticShift.Sample s = world.sample(TARGET, n, random);
            double[] q;
            if (bbse) {
                SyntheticShift.Sample h = world.sample(TRAIN, 2_000, random);
                double[][] c = PriorEstimators.confusion(Classifier.argmax(h.posteriors()), h.labels(), 4);
                q = PriorEstimators.bbse(c, PriorEstimators.predictedShare(s.posteriors(), 4));
            } else {
                q = PriorEstimators.em(s.posteriors(), TRAIN);
            }
            sum += Priors.l1(q, TARGET);
        }
        return sum / runs;
    }
}

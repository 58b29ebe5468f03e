package io.streamadapt.metrics.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamadapt.metrics.eval.ClassificationMetrics.Interval;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    private static final double EPS = 1e-9;
    // z² = 1.959964² = 3.841458881296, used by every Wilson case below.
    private static final double Z2 = 3.841458881296;

    @Test
    void accuracyIsCorrectOverTotal() {
        // truth 0,1,1,2 vs predicted 0,1,0,2: 3 of 4 match
        assertThat(ClassificationMetrics.accuracy(new int[] {0, 1, 1, 2}, new int[] {0, 1, 0, 2}))
                .isEqualTo(0.75);
        assertThat(ClassificationMetrics.accuracy(3, 4)).isEqualTo(0.75);
    }

    @Test
    void accuracyOfNoEventsIsNaN() {
        assertThat(ClassificationMetrics.accuracy(0, 0)).isNaN();
        assertThat(ClassificationMetrics.accuracy(new int[0], new int[0])).isNaN();
    }

    @Test
    void wilsonBoundsForZeroOfN() {
        // k=0, n=10: the lower bound is exactly 0, the upper bound simplifies to z²/(n+z²)
        // = 3.841458881296 / 13.841458881296 = 0.277532803026
        Interval interval = ClassificationMetrics.wilsonInterval(0, 10);
        assertThat(interval.lower()).isEqualTo(0.0);
        assertThat(interval.upper()).isCloseTo(0.277532803026, within(1e-11));
        assertThat(interval.upper()).isCloseTo(Z2 / (10 + Z2), within(EPS));
    }

    @Test
    void wilsonBoundsForNOfN() {
        // k=n=10: mirror image of 0 of 10, lower = n/(n+z²) = 10 / 13.841458881296 = 0.722467196974,
        // upper exactly 1 (the raw formula gives 0.9999999999999999)
        Interval interval = ClassificationMetrics.wilsonInterval(10, 10);
        assertThat(interval.lower()).isCloseTo(0.722467196974, within(1e-11));
        assertThat(interval.upper()).isEqualTo(1.0);
    }

    @Test
    void wilsonBoundsForEightOfTen() {
        // p=0.8, n=10, z²/n=0.3841458881
        // centre = (0.8 + 0.1920729441) / 1.3841458881 = 0.7167404799
        // half   = 1.959964 / 1.3841458881 * sqrt(0.016 + 0.0096036472) = 1.4160100 * 0.1600114 = 0.2265780
        // -> [0.4901625, 0.9433185]
        Interval interval = ClassificationMetrics.wilsonInterval(8, 10);
        assertThat(interval.lower()).isCloseTo(0.4901625, within(1e-6));
        assertThat(interval.upper()).isCloseTo(0.9433185, within(1e-6));
    }

    @Test
    void wilsonBoundsForZeroOfZeroAreNaN() {
        Interval interval = ClassificationMetrics.wilsonInterval(0, 0);
        assertThat(interval.lower()).isNaN();
        assertThat(interval.upper()).isNaN();
    }

    @Test
    void wilsonRejectsMoreSuccessesThanTrials() {
        assertThatThrownBy(() -> ClassificationMetrics.wilsonInterval(5, 4))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void f1MacroAveragesPerClassScores() {
        // truth 0,0,1,1 predicted 0,0,0,1
        // class 0: TP=2 FP=1 FN=0 -> 4/5 = 0.8; class 1: TP=1 FP=0 FN=1 -> 2/3
        // macro = (0.8 + 0.666667) / 2 = 0.733333
        assertThat(ClassificationMetrics.f1Macro(new int[] {0, 0, 1, 1}, new int[] {0, 0, 0, 1}, 2))
                .isCloseTo(11.0 / 15.0, within(EPS));
    }

    @Test
    void f1SkipsClassAbsentFromTruthAndPredictions() {
        // 4 classes, class 3 appears nowhere; class 2 is only predicted
        // truth 0,0,1,1 predicted 0,2,1,1
        // class 0: TP=1 FP=0 FN=1 -> 2/3; class 1: TP=2 -> 1; class 2: TP=0 FP=1 -> 0; class 3 skipped
        // macro = (2/3 + 1 + 0) / 3 = 5/9
        assertThat(ClassificationMetrics.f1Macro(new int[] {0, 0, 1, 1}, new int[] {0, 2, 1, 1}, 4))
                .isCloseTo(5.0 / 9.0, within(EPS));
    }

    @Test
    void f1CountsClassOnlyInPredictionsAsZero() {
        // truth 0,0 predicted 0,1: class 0 TP=1 FN=1 -> 2/3; class 1 FP=1 -> 0; macro = 1/3
        assertThat(ClassificationMetrics.f1Macro(new int[] {0, 0}, new int[] {0, 1}, 2))
                .isCloseTo(1.0 / 3.0, within(EPS));
    }

    @Test
    void f1OfNoEventsIsNaN() {
        assertThat(ClassificationMetrics.f1Macro(new int[0], new int[0], 3)).isNaN();
    }

    @Test
    void aucIsOneWhenEveryPositiveOutscoresEveryNegative() {
        assertThat(ClassificationMetrics.auc(
                        new double[] {0.9, 0.1, 0.8, 0.3}, new boolean[] {true, false, true, false}))
                .isEqualTo(1.0);
    }

    @Test
    void aucCountsTiesAsHalf() {
        // positives 0.8, 0.5; negatives 0.5, 0.2
        // ranks: 0.2 -> 1, the two 0.5s share (2+3)/2 = 2.5, 0.8 -> 4
        // R+ = 4 + 2.5 = 6.5, U = 6.5 - 2*3/2 = 3.5, AUC = 3.5 / (2*2) = 0.875
        // (pairwise: 0.8>0.5, 0.8>0.2, 0.5=0.5 counts 1/2, 0.5>0.2 -> 3.5 of 4)
        assertThat(ClassificationMetrics.auc(
                        new double[] {0.8, 0.5, 0.5, 0.2}, new boolean[] {true, true, false, false}))
                .isCloseTo(0.875, within(EPS));
    }

    @Test
    void aucIsHalfWhenAllScoresTie() {
        // every pair ties: U = 1/2 * n+ * n-
        assertThat(ClassificationMetrics.auc(
                        new double[] {0.5, 0.5, 0.5}, new boolean[] {true, false, false}))
                .isCloseTo(0.5, within(EPS));
    }

    @Test
    void aucTreatsNegativeZeroAsZero() {
        // -0.0 and 0.0 must tie: AUC = 1/2
        assertThat(ClassificationMetrics.auc(new double[] {0.0, -0.0}, new boolean[] {true, false}))
                .isCloseTo(0.5, within(EPS));
    }

    @Test
    void aucWithoutPositivesOrNegativesIsNaN() {
        assertThat(ClassificationMetrics.auc(new double[] {0.3, 0.4}, new boolean[] {true, true}))
                .isNaN();
        assertThat(ClassificationMetrics.auc(new double[] {0.3}, new boolean[] {false})).isNaN();
    }

    @Test
    void aucMacroSkipsClassNeverSeen() {
        // 3 classes, class 2 never true
        // class 0 scores: positives (rows 0,1) 0.8, 0.5; negatives (rows 2,3) 0.5, 0.2 -> 0.875 (ties)
        // class 1 scores: positives (rows 2,3) 0.4, 0.7; negatives 0.1, 0.3 -> 1.0
        // class 2: no positive, skipped; macro = (0.875 + 1) / 2 = 0.9375
        int[] truth = {0, 0, 1, 1};
        double[][] p = {
            {0.8, 0.1, 0.1},
            {0.5, 0.3, 0.2},
            {0.5, 0.4, 0.1},
            {0.2, 0.7, 0.1},
        };
        assertThat(ClassificationMetrics.aucMacro(truth, p, 3)).isCloseTo(0.9375, within(EPS));
    }

    @Test
    void aucMacroReadsMissingProbabilitiesAsZero() {
        // class 2 was added after rows 0 and 1 were scored: their class-2 score is 0
        // class 2: positive 0.7 vs negatives 0, 0 -> 1; classes 0 and 1 also separate perfectly
        int[] truth = {0, 1, 2};
        double[][] p = {{0.9, 0.1}, {0.2, 0.8}, {0.1, 0.2, 0.7}};
        assertThat(ClassificationMetrics.aucMacro(truth, p, 3)).isEqualTo(1.0);
    }

    @Test
    void aucMacroIsNaNWhenNoClassHasBothPositivesAndNegatives() {
        // a single class in the truth gives every class either no positive or no negative
        int[] truth = {1, 1};
        double[][] p = {{0.4, 0.6}, {0.3, 0.7}};
        assertThat(ClassificationMetrics.aucMacro(truth, p, 2)).isNaN();
        assertThat(ClassificationMetrics.aucMacro(new int[0], new double[0][], 2)).isNaN();
    }

    @Test
    void crossEntropyIsMeanNegativeLogOfTrueClassProbability() {
        // -(ln 0.8 + ln 0.5 + ln 0.4 + ln 0.7) / 4
        // = (0.2231436 + 0.6931472 + 0.9162907 + 0.3566749) / 4 = 2.1892564 / 4 = 0.5473141
        int[] truth = {0, 0, 1, 1};
        double[][] p = {{0.8, 0.2}, {0.5, 0.5}, {0.6, 0.4}, {0.3, 0.7}};
        assertThat(ClassificationMetrics.crossEntropy(truth, p)).isCloseTo(0.5473141, within(1e-7));
    }

    @Test
    void crossEntropyClampsZeroProbabilityAtOneEMinusFifteen() {
        // p_true = 0 -> -ln(1e-15) = 15 ln 10 = 34.538776; p_true = 1 -> 0; mean = 17.269388
        int[] truth = {1, 0};
        double[][] p = {{1.0, 0.0}, {1.0, 0.0}};
        assertThat(ClassificationMetrics.crossEntropy(truth, p)).isCloseTo(34.538776 / 2, within(1e-6));
        // a class beyond the row (unknown to the scoring model) counts as probability 0
        assertThat(ClassificationMetrics.crossEntropy(new int[] {2}, new double[][] {{0.5, 0.5}}))
                .isCloseTo(34.538776, within(1e-6));
    }

    @Test
    void crossEntropyOfNoEventsIsNaN() {
        assertThat(ClassificationMetrics.crossEntropy(new int[0], new double[0][])).isNaN();
    }

    @Test
    void labelShareIsFractionOfEventsPerTrueClass() {
        // 0,0,1,0 over 3 classes -> 3/4, 1/4, 0
        assertThat(ClassificationMetrics.labelShare(new int[] {0, 0, 1, 0}, 3))
                .containsExactly(0.75, 0.25, 0.0);
    }

    @Test
    void labelShareOfNoEventsIsNaN() {
        assertThat(ClassificationMetrics.labelShare(new int[0], 2)).containsExactly(Double.NaN, Double.NaN);
    }

    @Test
    void perClassRecallIsNaNForClassWithoutTrueEvents() {
        // truth 0,0,1,1 predicted 0,0,0,1 -> class 0: 2/2, class 1: 1/2, class 2: no events
        assertThat(ClassificationMetrics.perClassRecall(new int[] {0, 0, 1, 1}, new int[] {0, 0, 0, 1}, 3))
                .containsExactly(1.0, 0.5, Double.NaN);
    }

    @Test
    void rejectsClassIndexOutsideTheClassList() {
        assertThatThrownBy(() -> ClassificationMetrics.f1Macro(new int[] {3}, new int[] {0}, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("class index 3");
        assertThatThrownBy(() -> ClassificationMetrics.labelShare(new int[] {-1}, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsArraysOfDifferentLengths() {
        assertThatThrownBy(() -> ClassificationMetrics.accuracy(new int[] {0, 1}, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lengths differ");
    }
}

package io.streamadapt.labelshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LabelledWindowTest {
    private static final double[][] ROWS = {{0.9, 0.1}, {0.6, 0.4}, {0.2, 0.8}, {0.5, 0.5}};
    private static final double[] UNIFORM = {0.5, 0.5};

    @Test
    void labelledRequestsAreCountedAndTheOthersTakeTheirEstimatedMix() {
        LabelledWindow w = new LabelledWindow(ROWS, ROWS, new int[]{1, -1, 1, -1});

        assertThat(w.labelled()).isEqualTo(2);
        double[][] unlabelled = w.unlabelledRows();
        assertThat(unlabelled).hasDimensions(2, 2);
        assertThat(unlabelled[0]).isSameAs(ROWS[1]);
        assertThat(unlabelled[1]).isSameAs(ROWS[3]);
        // two of four are b for certain, the other two are estimated 30% a
        assertThat(w.combine(new double[]{0.3, 0.7}, UNIFORM)).containsExactly(new double[]{0.15, 0.85}, within(1e-12));
    }

    @Test
    void aWindowWithoutLabelsIsItsEstimateAndOneWithOnlyLabelsIsItsCount() {
        double[] estimate = {0.3, 0.7};
        assertThat(new LabelledWindow(ROWS, ROWS, new int[]{-1, -1, -1, -1}).combine(estimate, UNIFORM)).isSameAs(estimate);
        double[] counted = new LabelledWindow(ROWS, ROWS, new int[]{0, 0, 0, 1}).combine(new double[]{Double.NaN, Double.NaN}, UNIFORM);
        assertThat(counted).containsExactly(new double[]{0.75, 0.25}, within(1e-12));
    }

    @Test
    void aLabelledRequestIsACertainRowOfItsClassInTheLikelihood() {
        double[][] rows = new LabelledWindow(ROWS, ROWS, new int[]{-1, 1, -1, 0}).certainRows(2);

        assertThat(rows[0]).isSameAs(ROWS[0]);
        assertThat(rows[1]).containsExactly(0, 1);
        assertThat(rows[3]).containsExactly(1, 0);
        assertThat(ROWS[1]).containsExactly(0.6, 0.4);
    }

    @Test
    void aResampleKeepsEachRequestWithItsLabel() {
        LabelledWindow w = new LabelledWindow(ROWS, ROWS, new int[]{-1, 1, -1, 0});

        LabelledWindow r = w.resample(new Random(5));

        assertThat(r.size()).isEqualTo(4);
        for (int i = 0; i < r.size(); i++) {
            int from = Arrays.asList(ROWS).indexOf(r.probabilities()[i]);
            assertThat(r.labels()[i]).isEqualTo(w.labels()[from]);
        }
    }

    @Test
    void labelsForARandomShareOfTheRequestsCorrectAClassifierThatMisjudgesTheMix() {
        // the classifier calls every request 70% a, whatever it is: EM over its probabilities finds mostly a, while
        // the window is half a, half b; a random fifth of the requests has its label
        Random random = new Random(3);
        int n = 5_000;
        double[][] p = new double[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = new double[]{0.7, 0.3};
            labels[i] = random.nextDouble() < 0.2 ? i % 2 : -1;
        }
        LabelledWindow w = new LabelledWindow(p, p, labels);
        double[] misjudged = {0.9, 0.1};

        double countedOnly = w.counted(misjudged)[0];
        double corrected = w.combine(misjudged, UNIFORM)[0];

        assertThat(w.labelledAtRandom(2)).isTrue();
        assertThat(countedOnly).as("the labelled fifth counted, the rest as estimated").isGreaterThan(0.8);
        // a random fifth of 5,000 requests knows the mix to about 0.016 (one standard error)
        assertThat(corrected).isCloseTo(0.5, within(0.05));
    }

    @Test
    void aClassifierTheLabelsAgreeWithKeepsItsEstimate() {
        // probabilities that are the classes themselves: every residual is zero, so nothing is added
        int n = 400;
        double[][] p = new double[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int y = i % 4 == 0 ? 0 : 1;
            p[i] = y == 0 ? new double[]{1, 0} : new double[]{0, 1};
            labels[i] = i % 5 == 0 ? y : -1;
        }
        LabelledWindow w = new LabelledWindow(p, p, labels);
        double[] estimate = {0.25, 0.75};

        assertThat(w.combine(estimate, UNIFORM)).containsExactly(w.counted(estimate), within(1e-12));
    }

    @Test
    void labelsThatArriveForOneClassOnlyAreNotTakenForARandomShare() {
        Random random = new Random(4);
        int n = 1_000;
        double[][] p = new double[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int y = i % 2;
            double a = y == 0 ? 0.6 + 0.3 * random.nextDouble() : 0.1 + 0.3 * random.nextDouble();
            p[i] = new double[]{a, 1 - a};
            labels[i] = y == 0 && random.nextDouble() < 0.4 ? 0 : -1;
        }
        LabelledWindow w = new LabelledWindow(p, p, labels);
        double[] estimate = {0.4, 0.6};

        assertThat(w.labelledAtRandom(2)).isFalse();
        assertThat(w.combine(estimate, UNIFORM)).containsExactly(w.counted(estimate), within(1e-12));
    }

    @Test
    void aVersionThatLearnedTheLabelledRequestsDoesNotHideThatTheyAreARandomShare() {
        // served by a classifier that underrates class a, as were the others; then scored again by a version that learned
        // them: sure of their classes now, so their mean probability of a is the share of a, not the underrated one
        Random random = new Random(6);
        int n = 1_000;
        double[][] served = new double[n][];
        double[][] now = new double[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int y = i % 2;
            double a = y == 0 ? 0.3 + 0.3 * random.nextDouble() : 0.3 * random.nextDouble();
            served[i] = new double[]{a, 1 - a};
            labels[i] = random.nextDouble() < 0.2 ? y : -1;
            now[i] = labels[i] < 0 ? served[i] : (y == 0 ? new double[]{0.99, 0.01} : new double[]{0.01, 0.99});
        }

        assertThat(new LabelledWindow(now, now, labels).labelledAtRandom(2)).as("judged on the new scores").isFalse();
        assertThat(new LabelledWindow(now, served, labels).labelledAtRandom(2)).as("judged as served").isTrue();
    }
}

package io.streamadapt.labelshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LabelledWindowTest {
    private static final double[][] ROWS = {{0.9, 0.1}, {0.6, 0.4}, {0.2, 0.8}, {0.5, 0.5}};

    @Test
    void labelledRequestsAreCountedAndTheOthersTakeTheirEstimatedMix() {
        LabelledWindow w = new LabelledWindow(ROWS, new int[]{1, -1, 1, -1});

        assertThat(w.labelled()).isEqualTo(2);
        double[][] unlabelled = w.unlabelledRows();
        assertThat(unlabelled).hasDimensions(2, 2);
        assertThat(unlabelled[0]).isSameAs(ROWS[1]);
        assertThat(unlabelled[1]).isSameAs(ROWS[3]);
        // two of four are b for certain, the other two are estimated 30% a
        assertThat(w.combine(new double[]{0.3, 0.7})).containsExactly(new double[]{0.15, 0.85}, within(1e-12));
    }

    @Test
    void aWindowWithoutLabelsIsItsEstimateAndOneWithOnlyLabelsIsItsCount() {
        double[] estimate = {0.3, 0.7};
        assertThat(new LabelledWindow(ROWS, new int[]{-1, -1, -1, -1}).combine(estimate)).isSameAs(estimate);
        double[] counted = new LabelledWindow(ROWS, new int[]{0, 0, 0, 1}).combine(new double[]{Double.NaN, Double.NaN});
        assertThat(counted).containsExactly(new double[]{0.75, 0.25}, within(1e-12));
    }

    @Test
    void aLabelledRequestIsACertainRowOfItsClassInTheLikelihood() {
        double[][] rows = new LabelledWindow(ROWS, new int[]{-1, 1, -1, 0}).certainRows(2);

        assertThat(rows[0]).isSameAs(ROWS[0]);
        assertThat(rows[1]).containsExactly(0, 1);
        assertThat(rows[3]).containsExactly(1, 0);
        assertThat(ROWS[1]).containsExactly(0.6, 0.4);
    }

    @Test
    void aResampleKeepsEachRequestWithItsLabel() {
        LabelledWindow w = new LabelledWindow(ROWS, new int[]{-1, 1, -1, 0});

        LabelledWindow r = w.resample(new Random(5));

        assertThat(r.size()).isEqualTo(4);
        for (int i = 0; i < r.size(); i++) {
            int from = Arrays.asList(ROWS).indexOf(r.probabilities()[i]);
            assertThat(r.labels()[i]).isEqualTo(w.labels()[from]);
        }
    }
}

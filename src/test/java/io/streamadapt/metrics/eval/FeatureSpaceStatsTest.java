package io.streamadapt.metrics.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FeatureSpaceStatsTest {

    private static final double EPS = 1e-9;

    @Test
    void twoClassesInThePlane() {
        // class 0: (0,0), (2,0) -> mean (1,0); class 1: (1,3), (1,5) -> mean (1,4)
        // mean-mean distance = 4
        // intra: class 0 squared distances 1, 1 -> 1; class 1: 1, 1 -> 1; mean 1
        // inter: (0,0) and (2,0) are sqrt(1+16) = sqrt 17 from (1,4); (1,3) is 3 and (1,5) is 5
        //        from (1,0); mean = (2 sqrt 17 + 8) / 4 = (sqrt 17 + 4) / 2 = 4.0615528
        float[][] x = {{0, 0}, {2, 0}, {1, 3}, {1, 5}};
        int[] y = {0, 0, 1, 1};

        FeatureSpaceSnapshot s = FeatureSpaceStats.compute(x, y, 2);

        assertThat(s.meanClassMeanDistance()).isCloseTo(4.0, within(EPS));
        assertThat(s.intraClassVariance()).isCloseTo(1.0, within(EPS));
        assertThat(s.interClassDistance()).isCloseTo((Math.sqrt(17) + 4) / 2, within(EPS));
    }

    @Test
    void interClassDistanceUsesNearestOtherClassMean() {
        // add class 2 at (5,0) (a single sample, so its own spread is 0); class 3 exists but is absent
        // means: m0 (1,0), m1 (1,4), m2 (5,0)
        // pairs: |m0 m1| = 4, |m0 m2| = 4, |m1 m2| = sqrt 32 -> mean (8 + 4 sqrt 2) / 3 = 4.5522847
        // intra: (1 + 1 + 0) / 3 = 2/3 (class 3 absent, not averaged in)
        // nearest other mean: (0,0): min(sqrt17 to m1, 5 to m2) = sqrt 17; (2,0): min(sqrt 17, 3) = 3;
        //   (1,3): min(3 to m0, 5 to m2) = 3; (1,5): min(5, sqrt 41) = 5; (5,0): min(4, sqrt 32) = 4
        //   mean = (sqrt 17 + 15) / 5 = 3.8246211
        float[][] x = {{0, 0}, {2, 0}, {1, 3}, {1, 5}, {5, 0}};
        int[] y = {0, 0, 1, 1, 2};

        FeatureSpaceSnapshot s = FeatureSpaceStats.compute(x, y, 4);

        assertThat(s.meanClassMeanDistance()).isCloseTo((8 + 4 * Math.sqrt(2)) / 3, within(EPS));
        assertThat(s.intraClassVariance()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(s.interClassDistance()).isCloseTo((Math.sqrt(17) + 15) / 5, within(EPS));
    }

    @Test
    void fewerThanTwoClassesGivesNaN() {
        FeatureSpaceSnapshot one =
                FeatureSpaceStats.compute(new float[][] {{0, 1}, {2, 3}}, new int[] {1, 1}, 3);
        FeatureSpaceSnapshot none = FeatureSpaceStats.compute(new float[0][], new int[0], 3);

        assertThat(one).isEqualTo(FeatureSpaceSnapshot.UNDEFINED);
        assertThat(none.meanClassMeanDistance()).isNaN();
        assertThat(none.intraClassVariance()).isNaN();
        assertThat(none.interClassDistance()).isNaN();
    }

    @Test
    void rejectsMismatchedDimensionsAndLabels() {
        assertThatThrownBy(() -> FeatureSpaceStats.compute(new float[][] {{0, 1}, {2}}, new int[] {0, 1}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimension");
        assertThatThrownBy(() -> FeatureSpaceStats.compute(new float[][] {{0}, {1}}, new int[] {0, 2}, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeatureSpaceStats.compute(new float[][] {{0}}, new int[] {0, 1}, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

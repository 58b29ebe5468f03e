package io.streamadapt.metrics.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FeatureSpaceWindowTest {

    private static final double EPS = 1e-9;

    @Test
    void emptyWindowGivesNaN() {
        assertThat(new FeatureSpaceWindow(5).snapshot()).isEqualTo(FeatureSpaceSnapshot.UNDEFINED);
    }

    @Test
    void snapshotMatchesStatsOverHeldPairs() {
        // same points as FeatureSpaceStatsTest.twoClassesInThePlane
        FeatureSpaceWindow window = new FeatureSpaceWindow(10);
        window.record(new float[] {0, 0}, 0);
        window.record(new float[] {2, 0}, 0);
        window.record(new float[] {1, 3}, 1);
        window.record(new float[] {1, 5}, 1);

        FeatureSpaceSnapshot s = window.snapshot();

        assertThat(s.meanClassMeanDistance()).isCloseTo(4.0, within(EPS));
        assertThat(s.intraClassVariance()).isCloseTo(1.0, within(EPS));
        assertThat(s.interClassDistance()).isCloseTo((Math.sqrt(17) + 4) / 2, within(EPS));
    }

    @Test
    void slidingWindowEvictsOldestPairs() {
        FeatureSpaceWindow window = new FeatureSpaceWindow(2);
        // evicted: would otherwise move class 0's mean far away
        window.record(new float[] {100, 100}, 0);
        window.record(new float[] {0, 0}, 0);
        window.record(new float[] {3, 4}, 1);

        // held: (0,0) class 0 and (3,4) class 1 -> means 5 apart, no spread,
        // and each sample is 5 from the other class's mean
        FeatureSpaceSnapshot s = window.snapshot();
        assertThat(window.size()).isEqualTo(2);
        assertThat(s.meanClassMeanDistance()).isCloseTo(5.0, within(EPS));
        assertThat(s.intraClassVariance()).isZero();
        assertThat(s.interClassDistance()).isCloseTo(5.0, within(EPS));
    }

    @Test
    void singleClassWindowGivesNaN() {
        FeatureSpaceWindow window = new FeatureSpaceWindow(4);
        window.record(new float[] {1, 2}, 3);
        window.record(new float[] {2, 2}, 3);

        assertThat(window.snapshot().interClassDistance()).isNaN();
    }

    @Test
    void embeddingOfNewWidthDiscardsPairsFromTheOldFeatureSpace() {
        FeatureSpaceWindow window = new FeatureSpaceWindow(10);
        window.record(new float[] {0, 0}, 0);
        window.record(new float[] {3, 4}, 1);

        window.record(new float[] {1, 1, 1}, 0);

        assertThat(window.size()).isEqualTo(1);
        assertThat(window.snapshot()).isEqualTo(FeatureSpaceSnapshot.UNDEFINED);
        window.record(new float[] {1, 1, 3}, 1);
        assertThat(window.snapshot().meanClassMeanDistance()).isCloseTo(2.0, within(EPS));
    }

    @Test
    void clearDiscardsEverything() {
        FeatureSpaceWindow window = new FeatureSpaceWindow(10);
        window.record(new float[] {0, 0}, 0);
        window.record(new float[] {3, 4}, 1);
        assertThat(window.snapshot().meanClassMeanDistance()).isCloseTo(5.0, within(EPS));

        window.clear();

        assertThat(window.size()).isZero();
        assertThat(window.snapshot()).isEqualTo(FeatureSpaceSnapshot.UNDEFINED);
    }

    @Test
    void callerMutatingItsArrayDoesNotChangeRecordedEmbedding() {
        FeatureSpaceWindow window = new FeatureSpaceWindow(10);
        float[] e = {0, 0};
        window.record(e, 0);
        e[0] = 30;
        e[1] = 40;
        window.record(new float[] {3, 4}, 1);

        assertThat(window.snapshot().meanClassMeanDistance()).isCloseTo(5.0, within(EPS));
    }

    @Test
    void rejectsEmptyEmbeddingAndNegativeLabel() {
        FeatureSpaceWindow window = new FeatureSpaceWindow(10);
        assertThatThrownBy(() -> window.record(new float[0], 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> window.record(new float[] {1}, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FeatureSpaceWindow(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

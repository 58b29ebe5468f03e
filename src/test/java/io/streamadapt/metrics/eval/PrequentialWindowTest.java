package io.streamadapt.metrics.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PrequentialWindowTest {

    private static final double EPS = 1e-7;

    @Test
    void emptyWindowGivesNaN() {
        EvaluationSnapshot snapshot = new PrequentialWindow(10, 3).snapshot();

        assertThat(snapshot.count()).isZero();
        assertThat(snapshot.accuracy()).isNaN();
        assertThat(snapshot.wilsonLower()).isNaN();
        assertThat(snapshot.wilsonUpper()).isNaN();
        assertThat(snapshot.f1Macro()).isNaN();
        assertThat(snapshot.aucMacro()).isNaN();
        assertThat(snapshot.crossEntropy()).isNaN();
        assertThat(snapshot.labelShare()).containsExactly(Double.NaN, Double.NaN, Double.NaN);
        assertThat(snapshot.perClassRecall()).containsExactly(Double.NaN, Double.NaN, Double.NaN);
    }

    @Test
    void snapshotSummarisesRecordedEvents() {
        // The four events of ClassificationMetricsTest.aucMacroSkipsClassNeverSeen:
        // arg-max predictions 0, 0, 0, 1 against truth 0, 0, 1, 1
        PrequentialWindow window = new PrequentialWindow(10, 3);
        window.record(0, new double[] {0.8, 0.1, 0.1});
        window.record(0, new double[] {0.5, 0.3, 0.2});
        window.record(1, new double[] {0.5, 0.4, 0.1});
        window.record(1, new double[] {0.2, 0.7, 0.1});

        EvaluationSnapshot s = window.snapshot();

        assertThat(s.count()).isEqualTo(4);
        // 3 of 4 correct
        assertThat(s.accuracy()).isEqualTo(0.75);
        // Wilson 3 of 4: centre 1.2301824 / 1.9603647 = 0.6275273, half 0.9997956 * 0.3269523 = 0.3268855
        assertThat(s.wilsonLower()).isCloseTo(0.3006418, within(EPS));
        assertThat(s.wilsonUpper()).isCloseTo(0.9544127, within(EPS));
        // class 0: F1 4/5, class 1: F1 2/3, class 2 absent and skipped -> 11/15
        assertThat(s.f1Macro()).isCloseTo(11.0 / 15.0, within(EPS));
        // class 0 AUC 0.875 (one tie), class 1 AUC 1, class 2 never seen -> 0.9375
        assertThat(s.aucMacro()).isCloseTo(0.9375, within(EPS));
        // -(ln 0.8 + ln 0.5 + ln 0.4 + ln 0.7) / 4
        assertThat(s.crossEntropy()).isCloseTo(0.5473141, within(EPS));
        assertThat(s.labelShare()).containsExactly(0.5, 0.5, 0.0);
        assertThat(s.perClassRecall()).containsExactly(1.0, 0.5, Double.NaN);
    }

    @Test
    void slidingWindowEvictsOldestEvents() {
        PrequentialWindow window = new PrequentialWindow(3, 2);
        // two wrong class-0 events, then three right class-1 events push them out
        window.record(0, new double[] {0.1, 0.9});
        window.record(0, new double[] {0.2, 0.8});
        window.record(1, new double[] {0.3, 0.7});
        window.record(1, new double[] {0.4, 0.6});
        window.record(1, new double[] {0.1, 0.9});

        EvaluationSnapshot s = window.snapshot();

        assertThat(window.size()).isEqualTo(3);
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.accuracy()).isEqualTo(1.0);
        assertThat(s.labelShare()).containsExactly(0.0, 1.0);
        // -(ln 0.7 + ln 0.6 + ln 0.9) / 3 = (0.3566749 + 0.5108256 + 0.1053605) / 3 = 0.3242870
        assertThat(s.crossEntropy()).isCloseTo(0.3242870, within(EPS));
        // only class 1 is true now: class 0 has no positives, class 1 no negatives
        assertThat(s.aucMacro()).isNaN();
    }

    @Test
    void windowKeepsSlidingAfterWrappingSeveralTimes() {
        PrequentialWindow window = new PrequentialWindow(4, 2);
        for (int i = 0; i < 10; i++) {
            window.record(i % 2, new double[] {0.5, 0.5});
        }
        // last four events: classes 0,1,0,1, all predicted 0 (tie goes to the lower index)
        EvaluationSnapshot s = window.snapshot();
        assertThat(s.count()).isEqualTo(4);
        assertThat(s.accuracy()).isEqualTo(0.5);
        assertThat(s.labelShare()).containsExactly(0.5, 0.5);
    }

    @Test
    void growingClassCountExtendsPerClassArrays() {
        PrequentialWindow window = new PrequentialWindow(10, 2);
        window.record(0, new double[] {0.9, 0.1});
        window.record(1, new double[] {0.2, 0.8});
        assertThatThrownBy(() -> window.record(2, new double[] {0.1, 0.2}))
                .isInstanceOf(IllegalArgumentException.class);

        window.growClasses(3);
        window.record(2, new double[] {0.1, 0.2, 0.7});

        EvaluationSnapshot s = window.snapshot();
        assertThat(window.classCount()).isEqualTo(3);
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.accuracy()).isEqualTo(1.0);
        assertThat(s.labelShare()).containsExactly(1.0 / 3, 1.0 / 3, 1.0 / 3);
        assertThat(s.perClassRecall()).containsExactly(1.0, 1.0, 1.0);
        // older rows read 0 for class 2, so the new class still separates perfectly
        assertThat(s.aucMacro()).isEqualTo(1.0);
        // -(ln 0.9 + ln 0.8 + ln 0.7) / 3 = 0.6851790 / 3
        assertThat(s.crossEntropy()).isCloseTo(0.2283930, within(EPS));
    }

    @Test
    void longerProbabilityRowGrowsTheClassCount() {
        PrequentialWindow window = new PrequentialWindow(10, 2);
        window.record(2, new double[] {0.1, 0.1, 0.8});

        assertThat(window.classCount()).isEqualTo(3);
        assertThat(window.snapshot().labelShare()).containsExactly(0.0, 0.0, 1.0);
    }

    @Test
    void growingEmptyWindowKeepsNaNWithMoreClasses() {
        PrequentialWindow window = new PrequentialWindow(10, 2);
        assertThat(window.snapshot().classCount()).isEqualTo(2);

        window.growClasses(4);

        assertThat(window.snapshot().labelShare()).hasSize(4).containsOnly(Double.NaN);
    }

    @Test
    void classCountNeverShrinks() {
        PrequentialWindow window = new PrequentialWindow(10, 3);
        window.growClasses(3);
        assertThatThrownBy(() -> window.growClasses(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only grow");
    }

    @Test
    void shorterRowFromOlderModelCountsMissingClassAsZero() {
        // the frozen source model knows 2 classes; the event is of class 2
        PrequentialWindow window = new PrequentialWindow(10, 3);
        window.record(2, new double[] {0.4, 0.6});

        EvaluationSnapshot s = window.snapshot();
        assertThat(s.accuracy()).isZero();
        assertThat(s.crossEntropy()).isCloseTo(34.538776, within(1e-6));
    }

    @Test
    void rejectsInvalidEventsWithoutChangingTheWindow() {
        PrequentialWindow window = new PrequentialWindow(10, 2);
        assertThatThrownBy(() -> window.record(-1, new double[] {0.5, 0.5}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> window.record(0, new double[] {Double.NaN, 0.5}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> window.record(0, new double[] {-0.1, 1.1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> window.record(0, new double[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(window.size()).isZero();
        assertThat(window.classCount()).isEqualTo(2);
    }

    @Test
    void rejectsNonPositiveCapacityOrClassCount() {
        assertThatThrownBy(() -> new PrequentialWindow(0, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PrequentialWindow(5, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void callerMutatingItsArrayDoesNotChangeRecordedEvent() {
        PrequentialWindow window = new PrequentialWindow(10, 2);
        double[] p = {0.9, 0.1};
        window.record(0, p);
        p[0] = 0.0;
        p[1] = 1.0;

        assertThat(window.snapshot().accuracy()).isEqualTo(1.0);
    }

    @Test
    void snapshotIsReusedUntilTheWindowChanges() {
        PrequentialWindow window = new PrequentialWindow(10, 2);
        window.record(0, new double[] {0.9, 0.1});
        EvaluationSnapshot first = window.snapshot();

        assertThat(window.snapshot()).isSameAs(first);

        window.record(1, new double[] {0.9, 0.1});
        assertThat(window.snapshot()).isNotSameAs(first);
        assertThat(window.snapshot().accuracy()).isEqualTo(0.5);
    }

    @Test
    void snapshotArraysAreDefensiveCopies() {
        PrequentialWindow window = new PrequentialWindow(10, 2);
        window.record(0, new double[] {0.9, 0.1});
        EvaluationSnapshot s = window.snapshot();

        s.labelShare()[0] = 42;
        s.perClassRecall()[0] = 42;

        assertThat(s.labelShare()).containsExactly(1.0, 0.0);
        assertThat(s.perClassRecall()).containsExactly(1.0, Double.NaN);
    }

    @Test
    void snapshotsWithEqualValuesAreEqual() {
        PrequentialWindow a = new PrequentialWindow(10, 2);
        PrequentialWindow b = new PrequentialWindow(5, 2);
        a.record(1, new double[] {0.3, 0.7});
        b.record(1, new double[] {0.3, 0.7});

        assertThat(a.snapshot()).isEqualTo(b.snapshot()).hasSameHashCodeAs(b.snapshot());
        assertThat(EvaluationSnapshot.empty(2)).isEqualTo(new PrequentialWindow(3, 2).snapshot());
        assertThat(a.snapshot().toString()).contains("labelShare=[0.0, 1.0]");
    }

    @Test
    void concurrentRecordsAndSnapshotsStayConsistent() throws Exception {
        int capacity = 200;
        PrequentialWindow window = new PrequentialWindow(capacity, 3);
        int writers = 4;
        int perWriter = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perWriter; i++) {
                        // every event is predicted correctly
                        int c = i % 3;
                        double[] p = {0.1, 0.1, 0.1};
                        p[c] = 0.8;
                        window.record(c, p);
                    }
                    return null;
                }));
            }
            for (int r = 0; r < 2; r++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 500; i++) {
                        EvaluationSnapshot s = window.snapshot();
                        assertThat(s.count()).isBetween(0, capacity);
                        if (s.count() > 0) {
                            assertThat(s.accuracy()).isEqualTo(1.0);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        EvaluationSnapshot s = window.snapshot();
        assertThat(s.count()).isEqualTo(capacity);
        assertThat(s.accuracy()).isEqualTo(1.0);
        assertThat(s.labelShare()[0] + s.labelShare()[1] + s.labelShare()[2]).isCloseTo(1.0, within(1e-12));
    }
}

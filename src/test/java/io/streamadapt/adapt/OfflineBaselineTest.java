package io.streamadapt.adapt;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.data.Dataset;
import io.streamadapt.testing.MemorisingTuner;
import io.streamadapt.testing.TableClassifier;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfflineBaselineTest {
    static final List<String> CLASSES = List.of("a", "b");

    /** Events whose first feature is their id, all labelled "b"; a memorising model gets right exactly what it learned. */
    static Dataset stream(int n) {
        float[][] x = new float[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = new float[]{i};
            y[i] = 1;
        }
        return new Dataset("ids", CLASSES, x, y);
    }

    @Test
    void fineTunesTheSourceOnTheFirstKLabelsLessAFifthKeptForEarlyStopping() {
        MemorisingTuner tuner = new MemorisingTuner(0);
        Dataset s = stream(200);
        // evaluated on the stream's own first 100 events: a memorising model knows 80% of the first k of them
        Dataset eval = s.subset(0, 100);

        List<Simulation.Point> curve = OfflineBaseline.run(TableClassifier.constant(CLASSES, 0), tuner, TrainerTest.FULL, s, eval,
                new int[]{50, 100, 500});

        assertThat(curve).extracting(Simulation.Point::labels).containsExactly(50, 100);
        assertThat(curve.get(0).accuracy()).isEqualTo(0.4);
        assertThat(curve.get(1).accuracy()).isEqualTo(0.8);
        assertThat(tuner.calls).allSatisfy(p -> {
            assertThat(p.epochs()).isEqualTo(OfflineBaseline.MAX_EPOCHS);
            assertThat(p.patience()).isEqualTo(OfflineBaseline.PATIENCE);
        });
    }

    @Test
    void theAutoStrategyIsFineTunedOfflineWithAllLayers() {
        MemorisingTuner tuner = new MemorisingTuner(0);
        OfflineBaseline.run(TableClassifier.constant(CLASSES, 0), tuner, TrainerTest.FULL.withStrategy(Strategy.AUTO), stream(60),
                stream(10), new int[]{50});

        assertThat(tuner.calls).extracting(FineTuneParams::strategy).containsExactly(Strategy.FULL);
    }
}

package io.streamadapt.adapt;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.data.Dataset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NaiveBayesBaselineTest {
    static Dataset blobs(int n, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            x[i] = new float[]{(float) (r.nextGaussian() + 3 * y[i]), (float) r.nextGaussian(), y[i]};
        }
        return new Dataset("blobs", List.of("a", "b"), x, y);
    }

    @Test
    void separatesTwoGaussianClassesFromAFewLabels() {
        List<Simulation.Point> curve = NaiveBayesBaseline.run(blobs(200, 1), blobs(500, 2), new int[]{10, 100});

        assertThat(curve).hasSize(2);
        assertThat(curve.get(1).accuracy()).isGreaterThan(0.95);
    }

    @Test
    void stopsAtTheLengthOfTheStream() {
        assertThat(NaiveBayesBaseline.run(blobs(50, 1), blobs(10, 2), new int[]{10, 100})).hasSize(1);
    }
}

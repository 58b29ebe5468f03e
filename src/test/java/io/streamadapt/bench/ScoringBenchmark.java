package io.streamadapt.bench;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.PretrainParams;
import io.streamadapt.adapt.Progress;
import io.streamadapt.adapt.dl4j.Dl4jModelCodec;
import io.streamadapt.adapt.dl4j.Dl4jPretrainer;
import io.streamadapt.data.Scenario;
import io.streamadapt.data.Scenarios;
import io.streamadapt.model.SourceModels;

/**
 * Prints how much a request costs when scored one at a time and in batches, for both scenarios' models, measured side
 * by side in one run (ratios, not absolute times, are what this machine can tell):
 * {@code java -cp target/test-classes:target/classes:<classpath> io.streamadapt.bench.ScoringBenchmark}.
 */
public final class ScoringBenchmark {
    private ScoringBenchmark() {
    }

    public static void main(String[] args) {
        for (String name : new String[]{"digits", "fashion"}) {
            Scenario s = Scenarios.load(name, 42);
            Classifier m = SourceModels.loadOrPretrain(SourceModels.defaultCacheFile(s, 42), s,
                    PretrainParams.defaultsFor(s.featureCount(), 42), new Dl4jPretrainer(Progress.Factory.QUIET), new Dl4jModelCodec()).model();
            float[][] x = s.target().subset(0, 1024).features();
            System.out.printf("%s (%d features)%n", name, s.featureCount());
            double single = 0;
            for (int batch : new int[]{1, 8, 32, 128}) {
                run(m, x, batch, 2); // warm-up
                double perRequestMicros = run(m, x, batch, 5);
                if (batch == 1) single = perRequestMicros;
                System.out.printf("  batch %4d: %8.1f us per request  (%.1fx faster than one at a time)%n", batch, perRequestMicros,
                        single / perRequestMicros);
            }
            // what serving uses: the plain-Java copy, one request at a time
            Classifier served = m.forInference();
            for (int r = 0; r < 20; r++) {
                run(served, x, 1, 5); // warm-up: long enough for the JIT's last tier
            }
            double copy = run(served, x, 1, 20);
            System.out.printf("  inference copy, one at a time: %8.2f us per request  (%.0fx faster than DL4J one at a time)%n", copy,
                    single / copy);
        }
    }

    private static double run(Classifier m, float[][] x, int batch, int rounds) {
        long t0 = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < x.length; i += batch) {
                float[][] b = new float[Math.min(batch, x.length - i)][];
                System.arraycopy(x, i, b, 0, b.length);
                m.predictProba(b);
            }
        }
        return (System.nanoTime() - t0) / 1e3 / rounds / x.length;
    }
}

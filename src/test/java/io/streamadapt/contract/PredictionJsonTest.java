package io.streamadapt.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PredictionJsonTest {
    private static final List<String> CLASSES = List.of("0", "7", "t-shirt \"top\"", "\u00e9t\u00e9");

    private static double[] randomProbabilities(Random random) {
        double[] p = new double[CLASSES.size()];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            // from certainties to underflowing tails, so every number format the writer can produce shows up
            p[i] = random.nextInt(5) == 0 ? 0 : Math.pow(10, -random.nextInt(320)) * random.nextDouble();
            sum += p[i];
        }
        for (int i = 0; i < p.length && sum > 0; i++) {
            p[i] /= sum;
        }
        return p;
    }

    @Test
    void writesExactlyTheBytesTheContractMapperWrites() {
        Random random = new Random(3);
        for (int n = 0; n < 2_000; n++) {
            double[] p = randomProbabilities(random);
            Map<String, Double> asHashMap = new LinkedHashMap<>();
            for (int i = 0; i < p.length; i++) {
                asHashMap.put(CLASSES.get(i), p[i]);
            }
            String label = CLASSES.get(random.nextInt(CLASSES.size()));
            Prediction viaMap = new Prediction("r-" + n, label, asHashMap, random.nextInt(1000), random.nextInt(100_000), "em", "7");
            Prediction viaArray = new Prediction("r-" + n, label, new ProbabilityMap(CLASSES, p), viaMap.modelVersion(),
                    viaMap.latencyMs(), "em", "7");

            String expected = Json.writeString(viaMap);
            assertThat(new String(PredictionJson.write(viaMap), StandardCharsets.UTF_8)).isEqualTo(expected);
            assertThat(new String(PredictionJson.write(viaArray), StandardCharsets.UTF_8)).isEqualTo(expected);
        }
    }

    @Test
    void writesNullFieldsAsTheMapperDoes() {
        Prediction sparse = new Prediction(null, null, null, 3, 0, null, null);

        assertThat(new String(PredictionJson.write(sparse), StandardCharsets.UTF_8)).isEqualTo(Json.writeString(sparse));
    }

    @Test
    void aPredictionReadsBackAsItWasWritten() {
        Prediction p = new Prediction("r-1", "7", new ProbabilityMap(List.of("0", "7"), new double[]{0.25, 0.75}), 12, 3, "off", "7");

        Prediction back = PredictionJson.serde().deserializer().deserialize("t", PredictionJson.serde().serializer().serialize("t", p));

        assertThat(back).isEqualTo(p);
        assertThat(back.probabilities()).containsExactly(Map.entry("0", 0.25), Map.entry("7", 0.75));
    }

    @Test
    void aProbabilityMapIsARegularReadOnlyMap() {
        ProbabilityMap m = new ProbabilityMap(List.of("a", "b"), new double[]{0.1, 0.9});

        assertThat(m).isEqualTo(Map.of("a", 0.1, "b", 0.9)).containsKeys("a", "b").doesNotContainKey("c");
        assertThat(m.get("b")).isEqualTo(0.9);
        assertThat(m.get("c")).isNull();
        assertThatThrownBy(() -> m.put("c", 0.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new ProbabilityMap(List.of("a"), new double[2])).isInstanceOf(IllegalArgumentException.class);
    }
}

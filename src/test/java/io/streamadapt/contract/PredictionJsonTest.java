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
    /** Plain class names, written without the generator, and ids that need escaping or are not ASCII, written with it. */
    private static final List<String> PLAIN_CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "T-shirt/top", "a b~");
    private static final List<String> IDS = List.of("r-1", "", "with \"quotes\"", "back\\slash", "tab\there", "new\nline",
            "\u0001ctl", "\u007fdel", "caf\u00e9", "\ud83d\ude00", "slash/ok", "{\"json\":1}", "long-".repeat(300));

    private static double[] randomProbabilities(Random random, List<String> classes) {
        double[] p = new double[classes.size()];
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
            double[] p = randomProbabilities(random, CLASSES);
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
    void writesPlainAndEscapedIdsLabelsAndExtremeNumbersAsTheMapperDoes() {
        Random random = new Random(5);
        double[] extremes = {0, -0.0, 1, 0.1, 1e-7, 1e-3, 1e7, 9.999999999999999e22, Double.MIN_VALUE, Double.MIN_NORMAL,
            Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0 / 3};
        for (int n = 0; n < 5_000; n++) {
            double[] p = randomProbabilities(random, PLAIN_CLASSES);
            if (n % 10 == 0) {
                p[random.nextInt(p.length)] = extremes[random.nextInt(extremes.length)];
            }
            Map<String, Double> asHashMap = new LinkedHashMap<>();
            for (int i = 0; i < p.length; i++) {
                asHashMap.put(PLAIN_CLASSES.get(i), p[i]);
            }
            String id = n % 3 == 0 ? IDS.get(random.nextInt(IDS.size())) : "r-" + n;
            String label = n % 7 == 0 ? IDS.get(random.nextInt(IDS.size())) : PLAIN_CLASSES.get(random.nextInt(PLAIN_CLASSES.size()));
            String correction = n % 11 == 0 ? null : "em";
            long version = n % 13 == 0 ? Long.MAX_VALUE : n % 17 == 0 ? -1 : random.nextInt(1000);
            Prediction viaMap = new Prediction(id, label, asHashMap, version, random.nextInt(100_000), correction, label);
            Prediction viaArray = new Prediction(id, label, new ProbabilityMap(PLAIN_CLASSES, p), version, viaMap.latencyMs(),
                    correction, label);

            String expected = Json.writeString(viaMap);
            assertThat(new String(PredictionJson.write(viaArray), StandardCharsets.UTF_8)).isEqualTo(expected);
            assertThat(PredictionJson.write(viaArray)).isEqualTo(Json.write(viaMap));
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

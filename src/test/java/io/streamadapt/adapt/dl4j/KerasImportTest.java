package io.streamadapt.adapt.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.Examples;
import io.streamadapt.adapt.FineTuneParams;
import io.streamadapt.adapt.Strategy;
import io.streamadapt.config.Config;
import io.streamadapt.data.Dataset;
import io.streamadapt.data.Scenario;
import io.streamadapt.data.Scenarios;
import io.streamadapt.service.TrainingSetup;
import io.streamadapt.testing.TestFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Keras HDF5 model (written by src/test/keras/make_digits_keras_model.py in Keras 2's layout) imported as a
 * source model: same function as the Keras network, and it fine-tunes and serialises like a native model.
 */
class KerasImportTest {
    static final Path MODEL = Path.of("src", "test", "resources", "keras", "digits-mlp.h5");
    private static final Path EXPECTED = Path.of("src", "test", "resources", "keras", "digits-mlp.expected.json");
    private static Classifier imported;
    private static JsonNode expected;

    @TempDir
    Path dir;

    @BeforeAll
    static void importModel() throws Exception {
        imported = KerasImport.load(MODEL, KerasSidecar.read(KerasSidecar.pathFor(MODEL)));
        expected = new ObjectMapper().readTree(EXPECTED.toFile());
    }

    private static float[][] expectedFeatures() {
        List<float[]> rows = new ArrayList<>();
        for (JsonNode row : expected.path("features")) {
            float[] r = new float[row.size()];
            for (int j = 0; j < r.length; j++) r[j] = row.get(j).floatValue();
            rows.add(r);
        }
        return rows.toArray(new float[0][]);
    }

    @Test
    void takesTheShapeOfTheKerasNetworkAndTheSidecarsClassesAndNormalisation() {
        assertThat(imported.inputSize()).isEqualTo(64);
        assertThat(imported.classes()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(imported.metadata().hiddenLayers()).containsExactly(64, 32);
        assertThat(imported.metadata().featureScale()).containsOnly(16f);
        assertThat(imported.metadata().featureMean()).containsOnly(0f);
        assertThat(imported.metadata().hyperParameters()).containsEntry("origin", "keras");
        assertThat(imported.metadata().provenance()).containsEntry("sourceData", "keras:digits-mlp.h5");
    }

    @Test
    void computesTheSameProbabilitiesAsTheKerasNetwork() {
        double[][] probabilities = imported.predictProba(expectedFeatures());

        JsonNode want = expected.path("probabilities");
        assertThat(probabilities.length).isEqualTo(want.size());
        for (int i = 0; i < probabilities.length; i++) {
            for (int k = 0; k < 10; k++) {
                assertThat(probabilities[i][k]).as("row %d class %d", i, k).isCloseTo(want.get(i).get(k).asDouble(), within(1e-5));
            }
        }
    }

    @Test
    void classifiesTheDigitsSourceDomainAsWellAsInKeras() {
        // the script maps MNIST as the digits-padded scenario does
        Dataset source = Scenarios.load(Scenarios.DIGITS_PADDED, 42).source();
        Dataset heldOut = source.subset(9000, 10000);

        assertThat(imported.accuracy(heldOut.features(), heldOut.labels()))
                .isCloseTo(expected.path("heldOutAccuracy").asDouble(), within(0.01))
                .isGreaterThan(0.85);
    }

    @Test
    void fineTunesAndSurvivesTheModelCodecLikeANativeModel() {
        Scenario sc = TestFixtures.digitsScenario();
        Dataset target = sc.target();
        Dataset eval = target.subset(1000, 1797);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 300; i++) labels.add(target.labelOf(i));
        FineTuneParams params = TrainingSetup.fineTuneParams(Config.defaults()).withStrategy(Strategy.FULL);

        Classifier candidate = new Dl4jFineTuner(params, new float[0][], new int[0], sc.classes())
                .fineTune(new Examples(target.subset(0, 300).features(), labels), imported);
        Dl4jModelCodec codec = new Dl4jModelCodec();
        Classifier reloaded = codec.load(codec.save(imported));

        assertThat(candidate.accuracy(eval.features(), eval.labels())).isGreaterThan(imported.accuracy(eval.features(), eval.labels()) + 0.2);
        assertThat(reloaded.predictProba(expectedFeatures())).isDeepEqualTo(imported.predictProba(expectedFeatures()));
        assertThat(reloaded.classes()).isEqualTo(imported.classes());
    }

    @Test
    void rejectsASidecarWhoseClassesDoNotMatchTheOutputs() throws Exception {
        Path model = Files.copy(MODEL, dir.resolve("three.h5"));
        Files.writeString(dir.resolve("three.json"), "{\"classes\": [\"a\", \"b\", \"c\"], \"featureScale\": 16}");

        assertThatThrownBy(() -> KerasImport.load(model, KerasSidecar.read(KerasSidecar.pathFor(model))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 10 outputs but its sidecar lists 3 classes");
    }

    @Test
    void explainsAMissingSidecar() throws Exception {
        Path model = Files.copy(MODEL, dir.resolve("alone.h5"));

        assertThatThrownBy(() -> KerasSidecar.read(KerasSidecar.pathFor(model)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alone.json").hasMessageContaining("\"classes\"");
    }
}

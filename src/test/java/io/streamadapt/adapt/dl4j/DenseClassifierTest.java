package io.streamadapt.adapt.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.Examples;
import io.streamadapt.adapt.FineTuneParams;
import io.streamadapt.adapt.ModelMetadata;
import io.streamadapt.adapt.Strategy;
import io.streamadapt.config.Config;
import io.streamadapt.data.Dataset;
import io.streamadapt.data.Scenario;
import io.streamadapt.service.TrainingSetup;
import io.streamadapt.testing.TestFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The plain-Java inference copy answers as DL4J does, for every kind of network the service serves. */
class DenseClassifierTest {
    private static final double EPS = 2e-5;

    private static void assertSameAnswers(Classifier dl4j, float[][] x) {
        Classifier fast = dl4j.forInference();
        assertThat(fast).as("the plain-Java copy is used").isInstanceOf(DenseClassifier.class);
        assertThat(fast.classes()).isEqualTo(dl4j.classes());
        double[][] expected = dl4j.predictProba(x);
        double[][] actual = fast.predictProba(x);
        assertThat(actual).hasSameDimensionsAs(expected);
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < expected[i].length; k++) {
                assertThat(actual[i][k]).as("row %d class %d", i, k).isCloseTo(expected[i][k], within(EPS));
            }
        }
        assertThat(Classifier.argmax(actual)).isEqualTo(Classifier.argmax(expected));
        float[][] embedExpected = dl4j.embed(x);
        float[][] embedActual = fast.embed(x);
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < embedExpected[i].length; k++) {
                assertThat(embedActual[i][k]).isCloseTo(embedExpected[i][k], within(1e-4f * Math.max(1, Math.abs(embedExpected[i][k]))));
            }
        }
    }

    private static Examples examples(Dataset d, int n) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) labels.add(d.labelOf(i));
        return new Examples(d.subset(0, n).features(), labels);
    }

    @Test
    void scoresThePretrainedDigitsModelAsDl4jDoes() {
        Scenario sc = TestFixtures.digitsScenario();
        assertSameAnswers(TestFixtures.digitsSource().model(), sc.target().subset(0, 300).features());
    }

    @Test
    void scoresAJointlyTrainedModelByItsTargetHead() {
        Scenario sc = TestFixtures.digitsScenario();
        // one pass: the test is about the network's shape, not what it learned
        FineTuneParams p = TrainingSetup.fineTuneParams(Config.of(Map.of("finetune.epochs", "1"))).withStrategy(Strategy.JOINT);
        Dl4jClassifier joint = (Dl4jClassifier) new Dl4jFineTuner(p, sc.source().features(), sc.source().labels(), sc.classes())
                .fineTune(examples(sc.target(), 50), TestFixtures.digitsSource().model());
        assertThat(joint.hasSourceHead()).isTrue();
        assertSameAnswers(joint, sc.target().subset(100, 300).features());
    }

    @Test
    void scoresAnImportedKerasModelAsDl4jDoes() throws Exception {
        Classifier keras = KerasImport.load(KerasImportTest.MODEL, KerasSidecar.read(KerasSidecar.pathFor(KerasImportTest.MODEL)));
        assertSameAnswers(keras, TestFixtures.digitsScenario().target().subset(0, 200).features());
    }

    @Test
    void scoresAWideFashionSizedNetworkWithExtremeInputsAsDl4jDoes() {
        Random random = new Random(7);
        int d = 784;
        float[] mean = new float[d];
        float[] scale = new float[d];
        java.util.Arrays.fill(scale, 0.5f);
        List<String> classes = List.of("a", "b", "c");
        var meta = new io.streamadapt.adapt.ModelMetadata(classes, d, mean, scale, List.of(128, 32), java.util.Map.of(), java.util.Map.of());
        Dl4jClassifier model = new Dl4jClassifier(Networks.build(d, List.of(128, 32), classes.size(), 0.001, 0, 3), meta);
        float[][] x = new float[50][d];
        for (float[] row : x) for (int j = 0; j < d; j++) row[j] = random.nextInt(4) == 0 ? 0 : (float) (random.nextGaussian() * 20);
        assertSameAnswers(model, x);
    }

    @Test
    void scoresAFeatureThatWasConstantInTheSourceDataAsDl4jDoes() {
        // tabular features in mixed units: the one constant in the source data has scale 1e-6 and a large mean
        int d = 8;
        float[] mean = {0, 1, 2, 3, 4, 5, 6, 1000};
        float[] scale = {1, 2, 3, 4, 5, 6, 7, 1e-6f};
        List<String> classes = List.of("a", "b");
        ModelMetadata meta = new ModelMetadata(classes, d, mean, scale, List.of(16), Map.of(), Map.of());
        Dl4jClassifier model = new Dl4jClassifier(Networks.build(d, List.of(16), classes.size(), 0.001, 0, 5), meta);
        Random random = new Random(11);
        float[][] x = new float[40][d];
        for (float[] row : x) {
            for (int j = 0; j < d - 1; j++) {
                row[j] = (float) (random.nextGaussian() * 3);
            }
            row[d - 1] = 1000;
        }
        assertSameAnswers(model, x);
    }
}

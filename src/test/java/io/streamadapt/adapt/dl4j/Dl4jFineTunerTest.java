package io.streamadapt.adapt.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.Examples;
import io.streamadapt.adapt.FineTuneParams;
import io.streamadapt.adapt.Strategy;
import io.streamadapt.data.Dataset;
import io.streamadapt.data.Scenario;
import io.streamadapt.service.TrainingSetup;
import io.streamadapt.testing.TestFixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Real DL4J fine-tuning on the digits scenario. */
class Dl4jFineTunerTest {
    private static final FineTuneParams DEFAULTS = TrainingSetup.fineTuneParams(io.streamadapt.config.Config.defaults());

    private static Examples examples(Dataset d, int n) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) labels.add(d.labelOf(i));
        return new Examples(d.subset(0, n).features(), labels);
    }

    private static Dl4jFineTuner tuner(Strategy s, Scenario sc) {
        return new Dl4jFineTuner(DEFAULTS.withStrategy(s), sc.source().features(), sc.source().labels(), sc.classes());
    }

    @Test
    void fullFineTuningImprovesTargetAccuracyAndLeavesTheCurrentModelUntouched() {
        Scenario sc = TestFixtures.digitsScenario();
        Classifier current = TestFixtures.digitsSource().model();
        Dataset eval = sc.target().subset(1000, 1797);
        double before = current.accuracy(eval.features(), eval.labels());
        double[][] currentAnswers = current.predictProba(eval.features());

        Classifier candidate = tuner(Strategy.FULL, sc).fineTune(examples(sc.target(), 300), current);

        assertThat(candidate.accuracy(eval.features(), eval.labels())).isGreaterThan(before + 0.1).isGreaterThan(0.9);
        assertThat(current.predictProba(eval.features())).as("the serving model is not modified").isDeepEqualTo(currentAnswers);
        assertThat(candidate.metadata().hyperParameters()).containsEntry("strategy", "full");
    }

    @Test
    void headStrategyChangesOnlyTheOutputLayer() {
        Scenario sc = TestFixtures.digitsScenario();
        Dl4jClassifier current = (Dl4jClassifier) TestFixtures.digitsSource().model();
        Dl4jClassifier candidate = (Dl4jClassifier) tuner(Strategy.HEAD, sc).fineTune(examples(sc.target(), 200), current);

        for (String layer : List.of("h0", "h1")) {
            INDArray before = current.graph().getLayer(layer).getParam("W");
            INDArray after = candidate.graph().getLayer(layer).getParam("W");
            assertThat(after.equalsWithEps(before, 0)).as("hidden layer %s frozen", layer).isTrue();
        }
        assertThat(candidate.graph().getLayer("out").getParam("W").equalsWithEps(current.graph().getLayer("out").getParam("W"), 1e-6))
                .as("head trained").isFalse();
        assertThat(candidate.graph().getLayer("h0").getClass().getSimpleName()).as("no frozen wrapper left").doesNotContain("Frozen");
    }

    @Test
    void jointTrainingAddsASourceHeadAndKeepsTheSourceTask() {
        Scenario sc = TestFixtures.digitsScenario();
        Classifier current = TestFixtures.digitsSource().model();
        Dataset sourceEval = sc.source().subset(9000, 10000);
        double sourceBefore = current.accuracy(sourceEval.features(), sourceEval.labels());

        Dl4jClassifier joint = (Dl4jClassifier) tuner(Strategy.JOINT, sc).fineTune(examples(sc.target(), 300), current);
        Dl4jClassifier full = (Dl4jClassifier) tuner(Strategy.FULL, sc).fineTune(examples(sc.target(), 300), current);

        assertThat(joint.hasSourceHead()).isTrue();
        assertThat(full.hasSourceHead()).isFalse();
        double jointSource = sourceAccuracy(joint, sourceEval);
        double fullSource = full.accuracy(sourceEval.features(), sourceEval.labels());
        assertThat(jointSource).as("source head keeps the source task").isGreaterThan(sourceBefore - 0.1);
        assertThat(jointSource).as("joint training forgets less than full fine-tuning").isGreaterThan(fullSource);
    }

    @Test
    void jointTrainsAsFullWhereTheSourceModelIsNoBetterThanChanceOnTheFirstLabels() {
        Scenario sc = TestFixtures.digitsScenario();
        Classifier source = TestFixtures.digitsSource().model();
        Examples target = examples(sc.target(), 40);
        // every digit relabelled as the next one: the source model is right on almost none of them
        List<String> shifted = new ArrayList<>();
        for (String l : target.labels()) shifted.add(Integer.toString((Integer.parseInt(l) + 1) % 10));

        Dl4jClassifier line = (Dl4jClassifier) tuner(Strategy.JOINT, sc).fineTune(new Examples(target.features(), shifted), source);

        assertThat(line.hasSourceHead()).isFalse();
        assertThat(line.metadata().hyperParameters()).containsEntry("strategy", "full").containsEntry("configuredStrategy", "joint");
    }

    @Test
    void jointStartsItsSourceHeadOnlyFromTheSourceModelItself() {
        Scenario sc = TestFixtures.digitsScenario();
        Classifier source = TestFixtures.digitsSource().model();
        Classifier fullLine = tuner(Strategy.FULL, sc).fineTune(examples(sc.target(), 40), source);

        Dl4jClassifier next = (Dl4jClassifier) tuner(Strategy.JOINT, sc).fineTune(examples(sc.target().subset(40, 80), 40), fullLine);
        Dl4jClassifier fromSource = (Dl4jClassifier) tuner(Strategy.JOINT, sc).fineTune(examples(sc.target(), 40), source);

        assertThat(next.hasSourceHead()).as("a line that began without one stays full").isFalse();
        assertThat(fromSource.hasSourceHead()).as("the source model is right on most digits").isTrue();
        assertThat(fromSource.metadata().hyperParameters()).containsEntry("strategy", "joint").doesNotContainKey("configuredStrategy");
    }

    @Test
    void aLineWithASourceHeadCanBeFineTunedByTheOtherStrategies() {
        Scenario sc = TestFixtures.digitsScenario();
        Dl4jClassifier joint = (Dl4jClassifier) tuner(Strategy.JOINT, sc).fineTune(examples(sc.target(), 40), TestFixtures.digitsSource().model());
        Dataset eval = sc.target().subset(1000, 1797);

        for (Strategy s : List.of(Strategy.FULL, Strategy.HEAD)) {
            Classifier next = tuner(s, sc).fineTune(examples(sc.target().subset(40, 240), 200), joint);
            assertThat(next.accuracy(eval.features(), eval.labels())).as(s.id()).isGreaterThan(0.9);
        }
    }

    @Test
    void jointWithoutSourceExamplesTrainsAsFull() {
        Scenario sc = TestFixtures.digitsScenario();
        Dl4jFineTuner noSource = new Dl4jFineTuner(DEFAULTS.withStrategy(Strategy.JOINT), new float[0][], new int[0], sc.classes());

        Dl4jClassifier line = (Dl4jClassifier) noSource.fineTune(examples(sc.target(), 40), TestFixtures.digitsSource().model());

        assertThat(line.hasSourceHead()).isFalse();
        assertThat(line.metadata().hyperParameters()).containsEntry("strategy", "full");
    }

    private static double sourceAccuracy(Dl4jClassifier model, Dataset d) {
        INDArray[] out = model.graph().output(false, model.input(d.features()));
        int src = model.graph().getConfiguration().getNetworkOutputs().indexOf("src");
        int[] pred = Classifier.argmax(out[src].toDoubleMatrix());
        int hit = 0;
        for (int i = 0; i < pred.length; i++) if (pred[i] == d.labels()[i]) hit++;
        return hit / (double) pred.length;
    }

    @Test
    void anUnseenLabelGrowsTheTargetHeadAndKeepsWhatWasLearned() {
        Scenario sc = TestFixtures.digitsScenario();
        Classifier current = TestFixtures.digitsSource().model();
        Examples base = examples(sc.target(), 200);
        List<String> labels = new ArrayList<>(base.labels());
        float[][] x = base.features().clone();
        // relabel the 7s as a new class "seven"
        for (int i = 0; i < labels.size(); i++) if (labels.get(i).equals("7")) labels.set(i, "seven");

        Classifier grown = tuner(Strategy.FULL, sc).fineTune(new Examples(x, labels), current);

        assertThat(grown.classes()).hasSize(11).startsWith("0", "1", "2", "3", "4", "5", "6", "7", "8", "9").endsWith("seven");
        double[][] p = grown.predictProba(x);
        assertThat(p[0]).hasSize(11);
        int sevens = 0, predictedSeven = 0;
        int[] pred = Classifier.argmax(p);
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).equals("seven")) {
                sevens++;
                if (pred[i] == 10) predictedSeven++;
            }
        }
        assertThat(sevens).isPositive();
        assertThat(predictedSeven).as("the new class is learned").isGreaterThan(sevens / 2);
    }
}

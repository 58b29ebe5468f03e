package io.streamadapt.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.LabelledTable;
import io.streamadapt.adapt.ModelCodec;
import io.streamadapt.adapt.PretrainParams;
import io.streamadapt.adapt.Pretrainer;
import io.streamadapt.adapt.SourceModel;
import io.streamadapt.data.Dataset;
import io.streamadapt.data.Scenario;
import io.streamadapt.testing.TableClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scenario's source model: pretrained on the source split, judged on the held-out part and the target, cached in a file. */
class SourceModelsTest {
    private static final List<String> CLASSES = List.of("a", "b");
    private static final PretrainParams PARAMS = new PretrainParams(List.of(4), 1, 8, 1e-3, 0, 0.2, 7);

    /** Always answers class "a"; the tables it was given are kept. */
    private final List<LabelledTable> trainedOn = new ArrayList<>();
    private final Pretrainer pretrainer = (table, params) -> {
        trainedOn.add(table);
        return TableClassifier.constant(CLASSES, 0);
    };

    /** A constant classifier saved as the index of its answer. */
    private static final ModelCodec CODEC = new ModelCodec() {
        @Override
        public byte[] save(Classifier model) {
            double[] p = model.predictProba(new float[][]{{0}})[0];
            return new byte[]{(byte) (p[0] >= p[1] ? 0 : 1)};
        }

        @Override
        public Classifier load(byte[] bytes) {
            if (bytes.length != 1) {
                throw new IllegalArgumentException("not a model");
            }
            return TableClassifier.constant(List.of("a", "b"), bytes[0]);
        }
    };

    /** Ten source rows, labels a, b, a, b...; four target rows, three of them b. */
    private static Scenario scenario() {
        float[][] x = new float[10][];
        int[] y = new int[10];
        for (int i = 0; i < 10; i++) {
            x[i] = new float[]{i};
            y[i] = i % 2;
        }
        Dataset target = new Dataset("target", CLASSES, new float[][]{{0}, {1}, {2}, {3}}, new int[]{0, 1, 1, 1});
        return new Scenario("toy", "a toy scenario", new Dataset("source", CLASSES, x, y), target);
    }

    @Test
    void pretrainingUsesTheSourceSplitAndJudgesOnTheHeldOutPartAndTheTarget() {
        SourceModel sm = SourceModels.pretrain(scenario(), PARAMS, pretrainer);

        assertThat(trainedOn).hasSize(1);
        assertThat(trainedOn.get(0).name()).isEqualTo("source");
        assertThat(trainedOn.get(0).size()).isEqualTo(8);
        assertThat(List.of(sm.sourceTrainExamples(), sm.sourceHoldoutExamples(), sm.targetExamples())).containsExactly(8, 2, 4);
        assertThat(sm.targetAccuracy()).as("one of four target rows is a").isEqualTo(0.25);
        assertThat(sm.fromCache()).isFalse();
    }

    @Test
    void aModelJudgedNotTrainedIsScoredOnTheSameSplit() {
        SourceModel sm = SourceModels.judge(TableClassifier.constant(CLASSES, 1), scenario(), PARAMS);

        assertThat(trainedOn).isEmpty();
        assertThat(sm.targetAccuracy()).isEqualTo(0.75);
        assertThat(sm.sourceHoldoutExamples()).isEqualTo(2);
    }

    @Test
    void theCachedModelIsLoadedTheSecondTime(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("models").resolve("toy.model");

        SourceModel first = SourceModels.loadOrPretrain(file, scenario(), PARAMS, pretrainer, CODEC);
        SourceModel second = SourceModels.loadOrPretrain(file, scenario(), PARAMS, pretrainer, CODEC);

        assertThat(trainedOn).as("pretrained once").hasSize(1);
        assertThat(first.fromCache()).isFalse();
        assertThat(second.fromCache()).isTrue();
        assertThat(second.targetAccuracy()).isEqualTo(first.targetAccuracy());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as("other users may read it").isEqualTo("rw-r--r--");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file is left").containsExactly(file);
        }
    }

    @Test
    void aCacheThatCannotBeReadIsReplacedByAFreshPretraining(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("toy.model");
        Files.write(file, new byte[]{1, 2, 3});

        SourceModel sm = SourceModels.loadOrPretrain(file, scenario(), PARAMS, pretrainer, CODEC);

        assertThat(sm.fromCache()).isFalse();
        assertThat(trainedOn).hasSize(1);
        assertThat(Files.readAllBytes(file)).containsExactly(0);
    }

    @Test
    void aCachedModelOfOtherClassesIsNotServedForTheScenario(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("toy.model");
        ModelCodec otherClasses = new ModelCodec() {
            @Override
            public byte[] save(Classifier model) {
                return CODEC.save(model);
            }

            @Override
            public Classifier load(byte[] bytes) {
                return TableClassifier.constant(List.of("x", "y"), 0);
            }
        };
        Files.write(file, new byte[]{1});

        SourceModel sm = SourceModels.loadOrPretrain(file, scenario(), PARAMS, pretrainer, otherClasses);

        assertThat(sm.fromCache()).isFalse();
        assertThat(trainedOn).hasSize(1);
    }

    @Test
    void theDefaultCacheFileNamesTheScenarioSeedAndSourceDataSoAnotherMappingNeverSharesIt() {
        Scenario toy = scenario();
        float[][] remapped = toy.source().features().clone();
        remapped[0] = new float[]{42};
        Scenario other = new Scenario("toy", "the same name, other source rows",
                new Dataset("source", CLASSES, remapped, toy.source().labels()), toy.target());

        Path file = SourceModels.defaultCacheFile(toy, 7);

        assertThat(file.getFileName().toString()).startsWith("toy-").endsWith("-seed7.model");
        assertThat(file).isEqualTo(SourceModels.defaultCacheFile(scenario(), 7));
        assertThat(file).isNotEqualTo(SourceModels.defaultCacheFile(other, 7)).isNotEqualTo(SourceModels.defaultCacheFile(toy, 8));
    }
}

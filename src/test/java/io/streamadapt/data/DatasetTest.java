package io.streamadapt.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DatasetTest {

    private static final List<String> CLASSES = List.of("a", "b", "c");

    /** Row i has the single feature i, which makes reordering easy to follow. */
    private static Dataset numbered(int size) {
        float[][] features = new float[size][];
        int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            features[i] = new float[] {i, -i};
            labels[i] = i % CLASSES.size();
        }
        return new Dataset("numbered", CLASSES, features, labels);
    }

    private static float[] firstFeatures(Dataset dataset) {
        float[] firsts = new float[dataset.size()];
        for (int i = 0; i < firsts.length; i++) {
            firsts[i] = dataset.features()[i][0];
        }
        return firsts;
    }

    @Test
    void reportsSizeFeatureCountAndLabelNames() {
        Dataset dataset = numbered(5);

        assertThat(dataset.size()).isEqualTo(5);
        assertThat(dataset.featureCount()).isEqualTo(2);
        assertThat(dataset.classCount()).isEqualTo(3);
        assertThat(dataset.labelOf(4)).isEqualTo("b");
        assertThat(dataset.classCounts()).containsExactly(2, 2, 1);
    }

    @Test
    void copiesTheClassListSoLaterChangesToTheCallersListDoNotLeakIn() {
        List<String> classes = new ArrayList<>(List.of("x", "y"));
        Dataset dataset = new Dataset("d", classes, new float[][] {{1f}}, new int[] {1});

        classes.set(1, "changed");

        assertThat(dataset.classes()).containsExactly("x", "y");
        assertThatThrownBy(() -> dataset.classes().add("z")).isInstanceOf(UnsupportedOperationException.class);
    }

    static Stream<Arguments> inconsistentData() {
        return Stream.of(
                arguments("different numbers of rows and labels", CLASSES, new float[][] {{1f}, {2f}}, new int[] {0},
                        "2 feature rows but 1 labels"),
                arguments("rows of different widths", CLASSES, new float[][] {{1f, 2f}, {3f}}, new int[] {0, 0},
                        "row 1 has 1 features but row 0 has 2"),
                arguments("a label above the class list", CLASSES, new float[][] {{1f}}, new int[] {3}, "label 3 outside 0..2"),
                arguments("a negative label", CLASSES, new float[][] {{1f}}, new int[] {-1}, "label -1 outside 0..2"),
                arguments("a non-finite feature", CLASSES, new float[][] {{Float.NaN}}, new int[] {0}, "not finite"),
                arguments("duplicate classes", List.of("a", "a"), new float[][] {{1f}}, new int[] {0}, "duplicates"),
                arguments("an empty class list", List.of(), new float[0][], new int[0], "must not be empty"));
    }

    @ParameterizedTest(name = "rejects {0}")
    @MethodSource("inconsistentData")
    void rejectsInconsistentData(String what, List<String> classes, float[][] features, int[] labels, String message) {
        assertThatThrownBy(() -> new Dataset("d", classes, features, labels))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void subsetKeepsTheRequestedRangeInOrder() {
        Dataset subset = numbered(10).subset(3, 6);

        assertThat(firstFeatures(subset)).containsExactly(3f, 4f, 5f);
        assertThat(subset.labels()).containsExactly(0, 1, 2);
        assertThat(subset.classes()).isEqualTo(CLASSES);
    }

    @Test
    void selectPicksRowsByIndexAllowingRepeats() {
        Dataset selected = numbered(10).select(new int[] {9, 0, 9});

        assertThat(firstFeatures(selected)).containsExactly(9f, 0f, 9f);
        assertThat(selected.labels()).containsExactly(0, 0, 0);
        assertThatThrownBy(() -> numbered(3).select(new int[] {3})).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shuffleIsAPermutationFixedByTheSeed() {
        Dataset dataset = numbered(50);

        Dataset once = dataset.shuffled(7);
        Dataset again = dataset.shuffled(7);
        Dataset other = dataset.shuffled(8);

        assertThat(once).isEqualTo(again);
        assertThat(firstFeatures(once)).isNotEqualTo(firstFeatures(dataset));
        assertThat(firstFeatures(other)).isNotEqualTo(firstFeatures(once));
        float[] sorted = firstFeatures(once);
        Arrays.sort(sorted);
        assertThat(sorted).isEqualTo(firstFeatures(dataset));
        for (int i = 0; i < once.size(); i++) {
            assertThat(once.labels()[i]).isEqualTo((int) once.features()[i][0] % CLASSES.size());
        }
    }

    @Test
    void splitKeepsOrderAndRoundsTheFirstPartSize() {
        Dataset[] parts = numbered(10).split(0.75);

        assertThat(parts).hasSize(2);
        assertThat(firstFeatures(parts[0])).containsExactly(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f);
        assertThat(firstFeatures(parts[1])).containsExactly(8f, 9f);
    }

    @Test
    void splitAcceptsTheEndsOfTheRangeAndRejectsFractionsOutsideIt() {
        assertThat(numbered(4).split(0.0)[0].size()).isZero();
        assertThat(numbered(4).split(1.0)[1].size()).isZero();
        assertThatThrownBy(() -> numbered(4).split(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> numbered(4).split(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equalityComparesContentsNotArrayIdentity() {
        Dataset first = new Dataset("d", CLASSES, new float[][] {{1f, 2f}}, new int[] {1});
        Dataset second = new Dataset("d", CLASSES, new float[][] {{1f, 2f}}, new int[] {1});
        Dataset different = new Dataset("d", CLASSES, new float[][] {{1f, 3f}}, new int[] {1});

        assertThat(first).isEqualTo(second).hasSameHashCodeAs(second).isNotEqualTo(different);
        assertThat(first.toString()).contains("size=1", "featureCount=2");
    }
}

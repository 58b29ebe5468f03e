package io.streamadapt.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    private static Dataset dataset(String name, List<String> classes, int features) {
        return new Dataset(name, classes, new float[][] {new float[features]}, new int[] {0});
    }

    @Test
    void exposesTheSharedFeatureCountAndClasses() {
        Scenario scenario = new Scenario("s", "d", dataset("a", List.of("x", "y"), 3), dataset("b", List.of("x", "y"), 3));

        assertThat(scenario.featureCount()).isEqualTo(3);
        assertThat(scenario.classes()).containsExactly("x", "y");
    }

    @Test
    void rejectsDomainsWithDifferentFeatureCounts() {
        assertThatThrownBy(() -> new Scenario("s", "d", dataset("a", List.of("x"), 3), dataset("b", List.of("x"), 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("s: source a has 3 features but target b has 4");
    }

    @Test
    void rejectsDomainsWithDifferentClassLists() {
        assertThatThrownBy(() -> new Scenario("s", "d", dataset("a", List.of("x", "y"), 3),
                dataset("b", List.of("y", "x"), 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source classes [x, y] differ from target classes [y, x]");
    }

    @Test
    void rejectsAnEmptyDomain() {
        Dataset empty = dataset("b", List.of("x"), 3).subset(0, 0);

        assertThatThrownBy(() -> new Scenario("s", "d", dataset("a", List.of("x"), 3), empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must both have examples");
    }
}

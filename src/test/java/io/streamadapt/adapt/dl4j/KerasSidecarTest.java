package io.streamadapt.adapt.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerasSidecarTest {
    @TempDir
    Path dir;

    private KerasSidecar read(String json) throws Exception {
        Path file = dir.resolve("m.json");
        Files.writeString(file, json);
        return KerasSidecar.read(file);
    }

    @Test
    void theSidecarOfAModelIsTheSameNameWithJson() {
        assertThat(KerasSidecar.pathFor(Path.of("models", "digits.h5"))).isEqualTo(Path.of("models", "digits.json"));
        assertThat(KerasSidecar.isKerasFile(Path.of("a.H5"))).isTrue();
        assertThat(KerasSidecar.isKerasFile(Path.of("a.hdf5"))).isTrue();
        assertThat(KerasSidecar.isKerasFile(Path.of("digits-seed42.model"))).isFalse();
    }

    @Test
    void oneNumberNormalisesEveryFeatureAndArraysGiveOnePerFeature() throws Exception {
        KerasSidecar one = read("{\"classes\": [\"x\", \"y\"], \"featureMean\": 1.5, \"featureScale\": 4}");
        KerasSidecar each = read("{\"classes\": [\"x\", \"y\"], \"featureMean\": [0, 1, 2], \"featureScale\": [1, 2, 3]}");

        assertThat(one.mean(3)).containsExactly(1.5f, 1.5f, 1.5f);
        assertThat(one.scale(3)).containsExactly(4f, 4f, 4f);
        assertThat(each.mean(3)).containsExactly(0f, 1f, 2f);
        assertThat(each.scale(3)).containsExactly(1f, 2f, 3f);
        assertThatThrownBy(() -> each.scale(4)).hasMessage("featureScale has 3 values but the model takes 4 features");
    }

    @Test
    void normalisationDefaultsToNone() throws Exception {
        KerasSidecar sidecar = read("{\"classes\": [\"cat\", \"dog\"]}");

        assertThat(sidecar.mean(2)).containsExactly(0f, 0f);
        assertThat(sidecar.scale(2)).containsExactly(1f, 1f);
    }

    @Test
    void rejectsMissingOrDuplicateClassesAndNonPositiveScales() {
        assertThatThrownBy(() -> read("{\"featureScale\": 2}")).hasMessageContaining("the class list is empty");
        assertThatThrownBy(() -> read("{\"classes\": [\"a\", \"a\"]}")).hasMessageContaining("duplicates");
        assertThatThrownBy(() -> read("{\"classes\": [\"a\", \"b\"], \"featureScale\": 0}")).hasMessageContaining("positive");
        assertThatThrownBy(() -> read("{\"classes\": [\"a\", \"b\"], \"featureMean\": \"zero\"}")).hasMessageContaining("a number or an array");
    }
}

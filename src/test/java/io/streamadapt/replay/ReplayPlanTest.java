package io.streamadapt.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamadapt.data.Dataset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplayPlanTest {
    private static final List<String> CLASSES = List.of("a", "b", "c", "d");

    /** 4,000 examples, classes in turn, the class index as the only feature. */
    private static Dataset balanced() {
        int n = 4_000;
        float[][] x = new float[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 4;
            x[i] = new float[]{y[i]};
        }
        return new Dataset("balanced", CLASSES, x, y);
    }

    @Test
    void unnamedClassesShareTheRestEqually() {
        assertThat(ShiftSpec.parse("a=0.4").priors(CLASSES)).containsExactly(new double[]{0.4, 0.2, 0.2, 0.2}, within(1e-12));
        assertThat(ShiftSpec.parse("b=0.5, d=0.5").priors(CLASSES)).containsExactly(new double[]{0, 0.5, 0, 0.5}, within(1e-12));
    }

    @ParameterizedTest(name = "rejects {0}")
    @CsvSource(delimiter = '|', value = {
            "z=0.5                   | unknown class 'z'",
            "a=0.7,b=0.6             | more than 1",
            "a0.5                    | class=share",
            "a=x                     | not a number",
            "a=0.1,b=0.1,c=0.1,d=0.1 | add up to 1",
    })
    void rejectsUnknownClassesSharesAboveOneAndMalformedParts(String spec, String message) {
        assertThatThrownBy(() -> ShiftSpec.parse(spec).priors(CLASSES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void resamplesOnlyTheSecondHalfToTheShiftedPriorsKeepingTheLength() {
        Dataset data = balanced();
        ReplayPlan plan = ReplayPlan.of(data, 1.0, ShiftSpec.parse("a=0.7"), 42);
        assertThat(plan.stream().size()).isEqualTo(data.size());
        assertThat(plan.shiftStart()).isEqualTo(2_000);
        for (int i = 0; i < 2_000; i++) {
            assertThat(plan.stream().labels()[i]).isEqualTo(data.labels()[i]);
        }
        int a = 0;
        for (int i = 2_000; i < 4_000; i++) {
            int y = plan.stream().labels()[i];
            assertThat(plan.stream().features()[i][0]).isEqualTo((float) y);
            if (y == 0) {
                a++;
            }
        }
        assertThat(a / 2_000.0).isCloseTo(0.7, within(0.04));
    }

    @Test
    void labelsOnlyTheGivenFractionOfRequestsReproducibly() {
        ReplayPlan plan = ReplayPlan.of(balanced(), 0.2, null, 7);
        assertThat(plan.labelledCount() / 4_000.0).isCloseTo(0.2, within(0.03));
        assertThat(ReplayPlan.of(balanced(), 0.2, null, 7).labelled()).containsExactly(plan.labelled());
        assertThat(ReplayPlan.of(balanced(), 1.0, null, 7).labelledCount()).isEqualTo(4_000);
        assertThatThrownBy(() -> ReplayPlan.of(balanced(), 1.5, null, 7)).hasMessageContaining("--label-fraction");
    }
}

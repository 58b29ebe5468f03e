package io.streamadapt.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class WaitingLabelsTest {
    private static final long SECOND = 1_000_000_000L;

    /** A window that holds the requests answered so far, each identified by its first feature. */
    private final Set<Float> answered = new HashSet<>();
    private final List<Integer> batchSizes = new ArrayList<>();
    private final Function<List<PriorTracker.ArrivedLabel>, boolean[]> window = labels -> {
        batchSizes.add(labels.size());
        boolean[] found = new boolean[labels.size()];
        for (int i = 0; i < found.length; i++) {
            found[i] = answered.remove(labels.get(i).features()[0]);
        }
        return found;
    };

    private static PriorTracker.ArrivedLabel label(float request) {
        return new PriorTracker.ArrivedLabel("a", new float[]{request});
    }

    @Test
    void aLabelThatComesBeforeItsRequestIsCountedOnceTheRequestIsAnswered() {
        WaitingLabels w = new WaitingLabels(Duration.ofSeconds(30), 100);

        assertThat(w.match(List.of(label(1)), 0, answered::size, window)).isZero();
        assertThat(w.size()).isEqualTo(1);
        answered.add(1f);

        assertThat(w.match(List.of(), SECOND, () -> 1, window)).isEqualTo(1);
        assertThat(w.size()).isZero();
    }

    @Test
    void waitingLabelsAreTriedAgainOnlyWhenTheWindowHasNewRequests() {
        WaitingLabels w = new WaitingLabels(Duration.ofSeconds(30), 100);
        w.match(List.of(label(1), label(2)), 0, () -> 0, window);

        w.match(List.of(), SECOND, () -> 0, window);
        w.match(List.of(label(3)), 2 * SECOND, () -> 0, window);

        assertThat(batchSizes).as("the first batch, then only the new label").containsExactly(2, 1);
        w.match(List.of(), 3 * SECOND, () -> 5, window);
        assertThat(batchSizes).as("all three once the window moved").containsExactly(2, 1, 3);
    }

    @Test
    void aLabelWaitsNoLongerThanItsTimeNorBeyondTheLimit() {
        WaitingLabels w = new WaitingLabels(Duration.ofSeconds(30), 3);
        w.match(List.of(label(1), label(2)), 0, () -> 0, window);
        w.match(List.of(label(3), label(4)), 10 * SECOND, () -> 1, window);

        assertThat(w.size()).as("the oldest gave way").isEqualTo(3);
        answered.add(1f);
        answered.add(2f);
        assertThat(w.match(List.of(), 31 * SECOND, () -> 2, window)).as("label 1 was dropped, label 2 had waited too long").isZero();
        assertThat(w.size()).isEqualTo(2);
    }
}

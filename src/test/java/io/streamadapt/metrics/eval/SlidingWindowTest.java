package io.streamadapt.metrics.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SlidingWindowTest {
    private final AtomicInteger summaries = new AtomicInteger();
    private final SlidingWindow<String, List<String>> window = new SlidingWindow<>(3, items -> {
        summaries.incrementAndGet();
        return new ArrayList<>(items);
    });

    @Test
    void keepsOnlyTheLastItemsOnceFull() {
        for (String s : List.of("a", "b", "c", "d", "e")) {
            window.add(s);
        }

        assertThat(window.summary()).containsExactlyInAnyOrder("c", "d", "e");
        assertThat(window.size()).isEqualTo(3);
        assertThat(window.capacity()).isEqualTo(3);
    }

    @Test
    void summaryIsComputedOncePerChangeOfTheWindow() {
        window.add("a");
        List<String> first = window.summary();
        assertThat(window.summary()).isSameAs(first);
        assertThat(summaries).hasValue(1);

        window.changed();
        assertThat(window.summary()).isNotSameAs(first).containsExactly("a");
        window.add("b");
        assertThat(window.summary()).containsExactlyInAnyOrder("a", "b");
        assertThat(summaries).hasValue(3);
    }

    @Test
    void anItemThatDoesNotFitTheNewestDiscardsEveryHeldItem() {
        window.add("aa");
        window.add("bb");
        window.add("c", (newest, added) -> newest.length() == added.length());

        assertThat(window.summary()).containsExactly("c");
        window.add("d", (newest, added) -> newest.length() == added.length());
        assertThat(window.summary()).containsExactlyInAnyOrder("c", "d");
    }

    @Test
    void clearEmptiesTheWindow() {
        window.add("a");
        window.summary();
        window.clear();

        assertThat(window.summary()).isEmpty();
        assertThat(window.size()).isZero();
    }

    @Test
    void rejectsANonPositiveCapacity() {
        assertThatThrownBy(() -> new SlidingWindow<String, Integer>(0, List::size)).isInstanceOf(IllegalArgumentException.class);
    }
}

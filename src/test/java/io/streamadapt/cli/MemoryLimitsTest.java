package io.streamadapt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryLimitsTest {
    @Test
    void anyWayOfGivingTheHeapKeepsTheCommandInThisJvm() {
        assertThat(MemoryLimits.hasHeapOption(List.of("-Xmx512m"))).isTrue();
        assertThat(MemoryLimits.hasHeapOption(List.of("-Dfoo=1", "-XX:MaxRAMPercentage=50"))).isTrue();
        assertThat(MemoryLimits.hasHeapOption(List.of("-XX:MaxHeapSize=1g"))).isTrue();
        assertThat(MemoryLimits.hasHeapOption(List.of("-XX:MaxRAM=2g"))).isTrue();
    }

    @Test
    void withoutAHeapOptionTheCommandRestartsWithTheConfiguredHeap() {
        assertThat(MemoryLimits.hasHeapOption(List.of())).isFalse();
        assertThat(MemoryLimits.hasHeapOption(List.of("-Xms64m", "-Dorg.bytedeco.javacpp.maxBytes=1g", "-XX:+ExitOnOutOfMemoryError"))).isFalse();
    }
}

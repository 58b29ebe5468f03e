package io.streamadapt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.adapt.Progress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    @Test
    void withoutATerminalWritesALineEveryIntervalAndAtTheEnd() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        ConsoleProgress progress = new ConsoleProgress(false, new PrintStream(out, true, StandardCharsets.UTF_8), now::get);

        try (Progress p = progress.start("adapting", 200)) {
            p.step(10, "v1 acc 0.500 (source 0.200)");
            for (int i = 0; i < 9; i++) {
                now.addAndGet(ConsoleProgress.LINE_INTERVAL.toNanos() / 4);
                p.step(10, "v2 acc 0.800 (source 0.200)");
            }
        }

        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "adapting   5% 10/200  v1 acc 0.500 (source 0.200)",
                "adapting  25% 50/200  v2 acc 0.800 (source 0.200)",
                "adapting  45% 90/200  v2 acc 0.800 (source 0.200)",
                "adapting  50% 100/200  v2 acc 0.800 (source 0.200)");
    }
}

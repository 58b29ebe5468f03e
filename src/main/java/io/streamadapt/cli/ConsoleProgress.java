package io.streamadapt.cli;

import io.streamadapt.adapt.Progress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress on the console: a live bar on a terminal (ASCII, so it survives CI consoles), and plain periodic lines when
 * the output is not a terminal (container logs, files), where a redrawn bar would pile up as one endless line.
 */
final class ConsoleProgress implements Progress.Factory {
    /** How often a line is written when the output is not a terminal. */
    static final Duration LINE_INTERVAL = Duration.ofSeconds(10);

    private final boolean terminal;
    private final PrintStream out;
    private final LongSupplier nanoTime;

    ConsoleProgress() {
        this(System.console() != null, System.out, System::nanoTime);
    }

    ConsoleProgress(boolean terminal, PrintStream out, LongSupplier nanoTime) {
        this.terminal = terminal;
        this.out = out;
        this.nanoTime = nanoTime;
    }

    @Override
    public Progress start(String task, long total) {
        return terminal ? bar(task, total) : new Lines(task, total);
    }

    private static Progress bar(String task, long total) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build();
        return new Progress() {
            @Override
            public void step(long n, String message) {
                bar.stepBy(n);
                if (message != null) {
                    bar.setExtraMessage(" " + message.strip());
                }
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }

    /** One line per {@link #LINE_INTERVAL}, the first at the first step and the last when the task closes. */
    private final class Lines implements Progress {
        private final String task;
        private final long total;
        private long done;
        private String message = "";
        private long lastLine = Long.MIN_VALUE;

        Lines(String task, long total) {
            this.task = task;
            this.total = total;
        }

        @Override
        public synchronized void step(long n, String message) {
            done += n;
            if (message != null) {
                this.message = message.strip();
            }
            long now = nanoTime.getAsLong();
            if (lastLine == Long.MIN_VALUE || now - lastLine >= LINE_INTERVAL.toNanos()) {
                print();
                lastLine = now;
            }
        }

        @Override
        public synchronized void close() {
            print();
        }

        private void print() {
            long percent = total > 0 ? Math.min(100, done * 100 / total) : 0;
            out.printf("%s %3d%% %d/%d%s%n", task, percent, done, total, message.isEmpty() ? "" : "  " + message);
        }
    }
}

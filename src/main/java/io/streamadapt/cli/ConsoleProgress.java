package io.streamadapt.cli;

import io.streamadapt.adapt.Progress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars on the terminal (ASCII, so they survive logs and CI consoles). */
final class ConsoleProgress implements Progress.Factory {
    @Override
    public Progress start(String task, long total) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build();
        return new Progress() {
            @Override
            public void step(long n, String message) {
                bar.stepBy(n);
                if (message != null) bar.setExtraMessage(" " + message);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}

package io.streamadapt.metrics.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.adapt.GateVerdict;
import io.streamadapt.testing.Flushes;
import org.junit.jupiter.api.Test;

class TrainerProgressTest {
    private final TrainerProgress progress = new TrainerProgress();

    private void flush(GateVerdict verdict, long version, long wallMillis) {
        progress.flushed(Flushes.of(verdict, 1.0, 60, 50, 0, 49, 62), version, wallMillis);
    }

    @Test
    void countsPublishedVersionsAndRejectedCandidatesByVerdict() {
        flush(GateVerdict.ACCEPTED, 1, 1_000);
        flush(GateVerdict.WORSE, -1, 2_000);
        flush(GateVerdict.COLLAPSED, -1, 3_000);
        flush(GateVerdict.WORSE, -1, 4_000);

        assertThat(progress.published()).isEqualTo(1);
        assertThat(progress.rejected(GateVerdict.WORSE)).isEqualTo(2);
        assertThat(progress.rejected(GateVerdict.COLLAPSED)).isEqualTo(1);
        assertThat(progress.rejected(GateVerdict.DIVERGED)).isZero();
        assertThat(progress.rejected()).isEqualTo(3);
        assertThat(progress.scratchPublished()).as("the flushes were fine-tuned candidates").isZero();
    }

    @Test
    void lastPublishedIsTheTimeOfTheLatestAcceptedVersionNotOfARejection() {
        assertThat(progress.lastPublishedSeconds()).isNaN();

        flush(GateVerdict.ACCEPTED, 1, 5_000);
        flush(GateVerdict.WORSE, -1, 9_000);

        assertThat(progress.lastPublishedSeconds()).isEqualTo(5.0);
    }

    @Test
    void bufferedEventsFollowTheLatestCount() {
        progress.buffered(17);
        progress.buffered(3);

        assertThat(progress.bufferedEvents()).isEqualTo(3);
    }
}

package io.streamadapt.adapt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PairedScoresTest {
    @Test
    void countsOnlyTheEventsWhereExactlyOneModelWasRight() {
        PairedScores s = new PairedScores(10);
        s.record(new boolean[]{true, true, false, false, true}, new boolean[]{true, false, true, false, false});

        assertThat(s.discordant()).isEqualTo(new Gate.Discordant(1, 2));
    }

    @Test
    void theOldestEventsDropOutOnceTheWindowIsFull() {
        PairedScores s = new PairedScores(3);
        s.record(new boolean[]{true, true, true}, new boolean[]{false, false, false});
        s.record(new boolean[]{false, false}, new boolean[]{true, true});

        assertThat(s.discordant()).as("one line-only event left, two shadow-only ones").isEqualTo(new Gate.Discordant(2, 1));
    }
}

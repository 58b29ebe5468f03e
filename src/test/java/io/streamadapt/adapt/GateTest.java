package io.streamadapt.adapt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamadapt.testing.FixedClassifier;
import io.streamadapt.testing.TableClassifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GateTest {
    static final List<String> CLASSES = List.of("a", "b", "c");
    private final Gate gate = new Gate(0.0, 0.05);

    /** n held-out events with ids 0..n-1 and labels cycling a, b, c. */
    static String[] labels(int n) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) out[i] = CLASSES.get(i % 3);
        return out;
    }

    static List<Example> holdout(String[] labels) {
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) out.add(new Example(new float[]{i}, labels[i], i));
        return out;
    }

    /** Right on the first {@code right} ids; wrong (predicting the next class) on the rest. */
    static TableClassifier rightOnFirst(String[] labels, int right) {
        java.util.Map<Integer, Integer> m = new java.util.HashMap<>();
        for (int i = 0; i < labels.length; i++) {
            int truth = CLASSES.indexOf(labels[i]);
            m.put(i, i < right ? truth : (truth + 1) % 3);
        }
        return new TableClassifier(CLASSES, m, 0, java.util.Map.of());
    }

    @Test
    void acceptsACandidateThatIsBehindByOneOrTwoEventsOnly() {
        String[] y = labels(200);
        GateResult r = gate.judge(rightOnFirst(y, 190), rightOnFirst(y, 188), holdout(y));

        assertThat(r.verdict()).isEqualTo(GateVerdict.ACCEPTED);
        assertThat(r.currentOnlyRight()).isEqualTo(2);
        assertThat(r.candidateOnlyRight()).isZero();
        assertThat(r.pWorse()).isEqualTo(0.25, within(1e-12));
    }

    @Test
    void rejectsACandidateThatLosesBeyondChance() {
        String[] y = labels(200);
        GateResult r = gate.judge(rightOnFirst(y, 190), rightOnFirst(y, 170), holdout(y));

        assertThat(r.verdict()).isEqualTo(GateVerdict.WORSE);
        assertThat(r.accepted()).isFalse();
        assertThat(r.reason()).isEqualTo("worse");
        assertThat(r.currentAccuracy()).isEqualTo(0.95);
        assertThat(r.candidateAccuracy()).isEqualTo(0.85);
        assertThat(r.pWorse()).isLessThan(0.05);
    }

    @Test
    void aMarginToleratesASignificantButSmallLoss() {
        String[] y = labels(200);
        Gate lenient = new Gate(0.15, 0.05);

        assertThat(lenient.judge(rightOnFirst(y, 190), rightOnFirst(y, 170), holdout(y)).verdict()).isEqualTo(GateVerdict.ACCEPTED);
    }

    @Test
    void rejectsACandidateWithNonFiniteOutputsAsDiverged() {
        String[] y = labels(30);
        GateResult r = gate.judge(rightOnFirst(y, 20), FixedClassifier.diverged(CLASSES), holdout(y));

        assertThat(r.verdict()).isEqualTo(GateVerdict.DIVERGED);
        assertThat(r.candidateAccuracy()).isNaN();
    }

    @Test
    void rejectsACandidateThatPredictsOneClassForVariedLabelsAsCollapsed() {
        String[] y = labels(30);
        GateResult r = gate.judge(rightOnFirst(y, 5), TableClassifier.constant(CLASSES, 0), holdout(y));

        assertThat(r.verdict()).isEqualTo(GateVerdict.COLLAPSED);
    }

    @Test
    void acceptsAnyCandidateWhenNothingIsHeldOutYet() {
        GateResult r = gate.judge(TableClassifier.constant(CLASSES, 0), TableClassifier.constant(CLASSES, 1), List.of());

        assertThat(r.verdict()).isEqualTo(GateVerdict.ACCEPTED);
        assertThat(r.holdoutSize()).isZero();
    }

    @Test
    void aCandidateBeatsTheCurrentModelOnlyWhenItIsSoundAndMoreAccurate() {
        String[] y = labels(200);
        assertThat(Gate.beats(gate.judge(rightOnFirst(y, 188), rightOnFirst(y, 190), holdout(y)), Gate.Discordant.NONE)).isTrue();
        assertThat(Gate.beats(gate.judge(rightOnFirst(y, 190), rightOnFirst(y, 190), holdout(y)), Gate.Discordant.NONE)).as("a tie").isFalse();
        assertThat(Gate.beats(gate.judge(rightOnFirst(y, 5), TableClassifier.constant(CLASSES, 0), holdout(y)), Gate.Discordant.NONE)).as("collapsed").isFalse();
        assertThat(Gate.beats(gate.judge(rightOnFirst(y, 5), rightOnFirst(y, 9), List.of()), Gate.Discordant.NONE)).as("nothing held out").isFalse();
    }

    @Test
    void earlierPairedEvidenceIsAddedToTheHeldOutEventsWhenACandidateIsJudgedToBeat() {
        String[] y = labels(200);
        GateResult tie = gate.judge(rightOnFirst(y, 190), rightOnFirst(y, 190), holdout(y));
        GateResult twoAhead = gate.judge(rightOnFirst(y, 188), rightOnFirst(y, 190), holdout(y));

        assertThat(Gate.beats(tie, new Gate.Discordant(3, 1))).as("a tie, ahead earlier").isTrue();
        assertThat(Gate.beats(tie, new Gate.Discordant(1, 3))).as("a tie, behind earlier").isFalse();
        assertThat(Gate.beats(twoAhead, new Gate.Discordant(0, 2))).as("ahead by two, behind by two earlier").isFalse();
        assertThat(Gate.beats(twoAhead, new Gate.Discordant(0, 1))).as("ahead by two, behind by one earlier").isTrue();
        assertThat(Gate.beats(gate.judge(rightOnFirst(y, 5), rightOnFirst(y, 9), List.of()), new Gate.Discordant(9, 0)))
                .as("nothing held out").isFalse();
    }

    @ParameterizedTest(name = "{0} against, {1} in favour: p = {2}")
    @CsvSource({"5, 0, 0.03125", "3, 0, 0.125", "0, 4, 1.0", "2, 2, 1.0", "6, 1, 0.0625", "0, 0, 1.0"})
    void mcNemarIsTheExactBinomialTail(int against, int inFavour, double p) {
        assertThat(Gate.mcNemarOneSided(against, inFavour)).isEqualTo(p, within(1e-12));
    }

    @Test
    void mcNemarStaysFiniteForHundredsOfDiscordantPairs() {
        assertThat(Gate.mcNemarOneSided(400, 300)).isBetween(0.0, 0.001);
    }

    @Test
    void refusesASignificanceLevelOutsideZeroToOne() {
        assertThatThrownBy(() -> new Gate(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Gate(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}

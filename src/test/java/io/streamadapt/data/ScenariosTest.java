package io.streamadapt.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenariosTest {

    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** Held-out (images 7,000-9,999) class counts of the shipped Fashion-MNIST test set. */
    private static final int[] FASHION_HELD_OUT_COUNTS = {312, 319, 273, 291, 288, 296, 308, 307, 291, 315};

    @TempDir
    Path dir;

    @Test
    void digitsScenarioMapsAllMnistOntoTheOptdigitsFeatureSpace() {
        Scenario digits = Scenarios.load("digits", 1);

        assertThat(digits.name()).isEqualTo("digits");
        assertThat(digits.source().size()).isEqualTo(10_000);
        assertThat(digits.target().size()).isEqualTo(1_797);
        assertThat(digits.featureCount()).isEqualTo(64);
        assertThat(digits.classes()).isEqualTo(DIGITS);
        for (float[] row : digits.source().features()) {
            for (float value : row) {
                assertThat(value).isBetween(0f, 16f);
            }
        }
        assertThat(digits.description()).contains("MNIST", "optdigits", "seed 1");
    }

    @Test
    void digitsTargetIsEveryOptdigitsRowInASeededOrder() throws IOException {
        Dataset optdigits = OptdigitsReader.read();

        Dataset target = Scenarios.load("digits", 1).target();

        assertThat(target.classCounts()).isEqualTo(optdigits.classCounts());
        assertThat(target.labels()).isNotEqualTo(optdigits.labels());
        assertThat(target).isEqualTo(optdigits.shuffled(1));
    }

    @Test
    void sameSeedGivesEqualScenarios() {
        for (String name : Scenarios.NAMES) {
            Scenario first = Scenarios.load(name, 42);
            Scenario second = Scenarios.load(name, 42);

            assertThat(second).as(name).isEqualTo(first);
        }
    }

    @Test
    void differentSeedsGiveDifferentTargets() {
        for (String name : Scenarios.NAMES) {
            assertThat(Scenarios.load(name, 1).target()).as(name).isNotEqualTo(Scenarios.load(name, 2).target());
        }
    }

    @Test
    void cachesDecodedFilesAcrossLoads() {
        Scenario first = Scenarios.load("fashion", 1);
        Scenario second = Scenarios.load("fashion", 2);

        assertThat(second.source().features()[0]).isSameAs(first.source().features()[0]);
        assertThat(Scenarios.load("digits", 3).source().features())
                .isSameAs(Scenarios.load("digits", 4).source().features());
    }

    @Test
    void fashionScenarioUsesTheFirstSevenThousandImagesAsSource() throws IOException {
        Scenario fashion = Scenarios.load("fashion", 1);
        float[][] allImages = IdxReader.readImages(Scenarios.FASHION_IMAGES);

        assertThat(fashion.classes()).containsExactly("t-shirt", "trouser", "pullover", "dress", "coat", "sandal",
                "shirt", "sneaker", "bag", "ankle-boot");
        assertThat(fashion.featureCount()).isEqualTo(784);
        assertThat(fashion.source().size()).isEqualTo(7_000);
        assertThat(fashion.source().features()[6_999]).isEqualTo(allImages[6_999]);
        assertThat(fashion.classes()).allSatisfy(name -> assertThat(name).doesNotContainAnyWhitespaces());
    }

    @Test
    void fashionLabelShiftKeepsThirtyPercentOfClassesFiveToNine() {
        Dataset target = Scenarios.load("fashion", 1).target();

        int[] expected = new int[10];
        for (int k = 0; k < 10; k++) {
            expected[k] = k < 5 ? FASHION_HELD_OUT_COUNTS[k] : (int) Math.round(0.3 * FASHION_HELD_OUT_COUNTS[k]);
        }
        assertThat(target.classCounts()).containsExactly(expected);
        assertThat(target.size()).isEqualTo(1_938);
    }

    @Test
    void fashionLabelShiftActuallySkewsTheClassPriors() {
        Scenario fashion = Scenarios.load("fashion", 5);

        double sourceShare = shareOfClassesFiveToNine(fashion.source());
        double targetShare = shareOfClassesFiveToNine(fashion.target());

        assertThat(sourceShare).isCloseTo(0.5, within(0.02));
        assertThat(targetShare).isCloseTo(455.0 / 1_938, within(0.001)).isLessThan(0.25);
    }

    @Test
    void fashionTargetImagesAreInvertedAndRotated() throws IOException {
        Scenario fashion = Scenarios.load("fashion", 1);
        float[][] allImages = IdxReader.readImages(Scenarios.FASHION_IMAGES);
        Set<Integer> merelyInverted = new HashSet<>();
        for (int i = Scenarios.FASHION_SOURCE_SIZE; i < allImages.length; i++) {
            merelyInverted.add(Arrays.hashCode(ImageTransforms.invert(allImages[i])));
        }

        assertThat(meanPixel(fashion.source())).isLessThan(0.4);
        assertThat(meanPixel(fashion.target())).isGreaterThan(0.6);
        int unrotated = 0;
        for (float[] image : fashion.target().features()) {
            assertThat(image[0]).as("background corner").isEqualTo(1f);
            if (merelyInverted.contains(Arrays.hashCode(image))) {
                unrotated++;
            }
        }
        assertThat(unrotated).isZero();
    }

    @Test
    void rotationDrawsSpreadEvenlyOverTheUnitInterval() {
        double min = 1;
        double max = 0;
        double sum = 0;
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            double u = Scenarios.unitInterval(99, i);
            assertThat(u).isGreaterThanOrEqualTo(0).isLessThan(1);
            min = Math.min(min, u);
            max = Math.max(max, u);
            sum += u;
        }
        assertThat(min).isLessThan(0.001);
        assertThat(max).isGreaterThan(0.999);
        assertThat(sum / n).isCloseTo(0.5, within(0.01));
    }

    @Test
    void rejectsAnUnknownScenarioNameListingTheKnownOnes() {
        assertThatThrownBy(() -> Scenarios.load("letters", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown scenario 'letters'; known scenarios: digits, fashion, digits-padded");
    }

    @Test
    void buildsACustomScenarioFromTwoCsvFilesSharingTheUnionOfTheirClasses() throws IOException {
        Path source = Files.writeString(dir.resolve("source.csv"), "a,b,label\n1,2,10\n3,4,2\n");
        Path target = Files.writeString(dir.resolve("target.csv"), "5,6,2\n7,8,3\n");

        Scenario custom = Scenarios.fromCsv(source, target);

        assertThat(custom.name()).isEqualTo("custom");
        assertThat(custom.classes()).containsExactly("2", "3", "10");
        assertThat(custom.source().name()).isEqualTo("source");
        assertThat(custom.source().labels()).containsExactly(2, 0);
        assertThat(custom.target().labels()).containsExactly(0, 1);
        assertThat(custom.description()).contains("source.csv", "target.csv");
    }

    @Test
    void rejectsCustomFilesWithDifferentFeatureCounts() throws IOException {
        Path source = Files.writeString(dir.resolve("source.csv"), "1,2,a\n");
        Path target = Files.writeString(dir.resolve("target.csv"), "1,2,3,a\n");

        assertThatThrownBy(() -> Scenarios.fromCsv(source, target))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("custom: source source has 2 features but target target has 3");
    }

    private static double shareOfClassesFiveToNine(Dataset dataset) {
        int[] counts = dataset.classCounts();
        int upper = 0;
        for (int k = 5; k < 10; k++) {
            upper += counts[k];
        }
        return (double) upper / dataset.size();
    }

    private static double meanPixel(Dataset dataset) {
        double sum = 0;
        for (float[] image : dataset.features()) {
            for (float pixel : image) {
                sum += pixel;
            }
        }
        return sum / ((double) dataset.size() * dataset.featureCount());
    }
}

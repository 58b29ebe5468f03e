package io.streamadapt.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MnistToOptdigitsTest {

    private static final int SIDE = 28;

    private static void fill(float[] image, int fromRow, int toRow, int fromColumn, int toColumn, float value) {
        for (int r = fromRow; r < toRow; r++) {
            for (int c = fromColumn; c < toColumn; c++) {
                image[r * SIDE + c] = value;
            }
        }
    }

    @Test
    void paddedMappingPlacesAnInkedSquareInOneBlock() {
        float[] image = new float[SIDE * SIDE];
        // Canvas rows 4-7 and columns 8-11, i.e. block (1, 2), are image rows 2-5 and columns 6-9.
        fill(image, 2, 6, 6, 10, 1f);

        float[] counts = MnistToOptdigits.mapPadded(image);

        float[] expected = new float[64];
        expected[1 * 8 + 2] = 16f;
        assertThat(counts).containsExactly(expected);
    }

    @Test
    void paddedMappingPlacesTheImageTwoPixelsInFromTheCanvasEdge() {
        float[] image = new float[SIDE * SIDE];
        image[0] = 1f;
        image[SIDE * SIDE - 1] = 1f;
        // Image (1, 2) is canvas (3, 4): block row 0, block column 1.
        image[1 * SIDE + 2] = 1f;

        float[] counts = MnistToOptdigits.mapPadded(image);

        assertThat(counts[0]).isEqualTo(1f);
        assertThat(counts[1]).isEqualTo(1f);
        assertThat(counts[63]).isEqualTo(1f);
        assertThat(sum(counts)).isEqualTo(3f);
    }

    @Test
    void paddedMappingShowsThePaddingAsLowerCountsAtTheBorder() {
        float[] image = new float[SIDE * SIDE];
        Arrays.fill(image, 1f);

        float[] counts = MnistToOptdigits.mapPadded(image);

        // Corner blocks hold 2x2 image pixels, edge blocks 2x4, inner blocks all 4x4.
        assertThat(counts[0]).isEqualTo(4f);
        assertThat(counts[7]).isEqualTo(4f);
        assertThat(counts[56]).isEqualTo(4f);
        assertThat(counts[63]).isEqualTo(4f);
        assertThat(counts[3]).isEqualTo(8f);
        assertThat(counts[8]).isEqualTo(8f);
        assertThat(counts[9]).isEqualTo(16f);
        assertThat(counts[36]).isEqualTo(16f);
        assertThat(sum(counts)).isEqualTo(SIDE * SIDE);
    }

    @Test
    void paddedMappingCountsPixelsAtOrAboveOneHalfAsSet() {
        float[] image = new float[SIDE * SIDE];
        fill(image, 2, 6, 6, 10, 0.49f);
        image[2 * SIDE + 6] = 0.5f;
        image[2 * SIDE + 7] = 0.51f;

        float[] counts = MnistToOptdigits.mapPadded(image);

        assertThat(counts[10]).isEqualTo(2f);
        assertThat(sum(counts)).isEqualTo(2f);
    }

    @Test
    void rejectsImagesThatAreNotTwentyEightByTwentyEight() {
        assertThatThrownBy(() -> MnistToOptdigits.map(new float[64]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 64");
    }

    @Test
    void mapsAWholeDataSetKeepingLabelsAndClasses() {
        float[] blank = new float[SIDE * SIDE];
        float[] inked = new float[SIDE * SIDE];
        fill(inked, 2, 6, 6, 10, 1f);
        Dataset mnist = new Dataset("mnist", OptdigitsReader.CLASSES, new float[][] {blank, inked}, new int[] {3, 8});

        Dataset mapped = MnistToOptdigits.map(mnist, "mapped");

        assertThat(mapped.name()).isEqualTo("mapped");
        assertThat(mapped.featureCount()).isEqualTo(64);
        assertThat(mapped.labels()).containsExactly(3, 8);
        assertThat(mapped.classes()).isEqualTo(mnist.classes());
        assertThat(mapped.features()[0]).containsOnly(0f);
        assertThat(sum(mapped.features()[1])).isEqualTo(32f * 32f);
    }

    @Test
    void aSquareDigitAnywhereFillsTheWholeCanvas() {
        float[] image = new float[SIDE * SIDE];
        fill(image, 20, 26, 1, 7, 1f);

        float[] counts = MnistToOptdigits.map(image);

        assertThat(counts).containsOnly(16f);
    }

    @Test
    void aTallNarrowDigitKeepsItsAspectRatioAndIsCentred() {
        float[] image = new float[SIDE * SIDE];
        // 20 rows by 5 columns: scaled to 32 by 8 canvas pixels, centred over canvas columns 12-19.
        fill(image, 4, 24, 3, 8, 1f);

        float[] counts = MnistToOptdigits.map(image);

        for (int blockRow = 0; blockRow < 8; blockRow++) {
            for (int blockColumn = 0; blockColumn < 8; blockColumn++) {
                float expected = blockColumn == 3 || blockColumn == 4 ? 16f : 0f;
                assertThat(counts[blockRow * 8 + blockColumn]).as("block %d,%d", blockRow, blockColumn).isEqualTo(expected);
            }
        }
    }

    @Test
    void faintPixelsBelowTheInkThresholdAreNotInk() {
        float[] image = new float[SIDE * SIDE];
        fill(image, 0, SIDE, 0, SIDE, MnistToOptdigits.INK_THRESHOLD / 2);

        assertThat(MnistToOptdigits.map(image)).containsOnly(0f);
    }

    @Test
    void theSameDigitGivesTheSameCountsWhereverItIsDrawn() {
        float[] left = new float[SIDE * SIDE];
        float[] right = new float[SIDE * SIDE];
        fill(left, 3, 19, 2, 12, 1f);
        fill(right, 10, 26, 15, 25, 1f);

        assertThat(MnistToOptdigits.map(left)).containsExactly(MnistToOptdigits.map(right));
    }

    private static float sum(float[] values) {
        float total = 0;
        for (float value : values) {
            total += value;
        }
        return total;
    }
}

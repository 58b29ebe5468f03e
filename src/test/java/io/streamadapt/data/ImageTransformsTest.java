package io.streamadapt.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageTransformsTest {

    private static final int SIDE = 5;

    private static float[] singlePixel(int row, int column) {
        float[] image = new float[SIDE * SIDE];
        image[row * SIDE + column] = 1f;
        return image;
    }

    @Test
    void invertsEveryPixel() {
        assertThat(ImageTransforms.invert(new float[] {0f, 0.25f, 1f})).containsExactly(1f, 0.75f, 0f);
    }

    @Test
    void rotatingByZeroDegreesLeavesTheImageUnchanged() {
        float[] image = singlePixel(1, 3);

        assertThat(ImageTransforms.rotate(image, SIDE, 0, 0f)).containsExactly(image, within(1e-6f));
    }

    @Test
    void positiveAnglesTurnThePictureCounterClockwise() {
        // Right of the centre (2, 2) moves to above it.
        float[] rotated = ImageTransforms.rotate(singlePixel(2, 4), SIDE, 90, 0f);

        assertThat(rotated[0 * SIDE + 2]).isCloseTo(1f, within(1e-6f));
        assertThat(sum(rotated)).isCloseTo(1f, within(1e-5f));
    }

    @Test
    void uncoveredCornersTakeTheFillValue() {
        float[] white = new float[SIDE * SIDE];
        Arrays.fill(white, 1f);

        float[] withWhiteFill = ImageTransforms.rotate(white, SIDE, 45, 1f);
        float[] withBlackFill = ImageTransforms.rotate(white, SIDE, 45, 0f);

        assertThat(withWhiteFill).containsExactly(white, within(1e-6f));
        assertThat(withBlackFill[0]).isLessThan(0.5f);
        assertThat(withBlackFill[2 * SIDE + 2]).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void interpolatesBilinearlyBetweenNeighbours() {
        float[] rotated = ImageTransforms.rotate(singlePixel(2, 2), SIDE, 30, 0f);

        assertThat(rotated[2 * SIDE + 2]).isCloseTo(1f, within(1e-6f));
        for (float pixel : rotated) {
            assertThat(pixel).isBetween(0f, 1f);
        }
    }

    private static float sum(float[] values) {
        float total = 0;
        for (float value : values) {
            total += value;
        }
        return total;
    }
}

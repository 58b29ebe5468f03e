package io.streamadapt.adapt.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NormalisationTest {
    @Test
    void pixelsThatShareARangeGetOneGlobalScaleSoBlankSourcePixelsDoNotBlowUp() {
        float[][] rows = {{0, 0, 1}, {0, 1, 0}, {0, 1, 1}, {0, 0, 0}};
        float[] scales = Normalisation.scales(rows, new float[]{0, 0.5f, 0.5f});

        assertThat(scales[0]).isEqualTo(scales[1]).isEqualTo(scales[2]);
    }

    @Test
    void columnsInMixedUnitsGetTheirOwnStandardDeviation() {
        float[][] rows = {{0, 1000, 1}, {1, 3000, 0}, {0, 1000, 0}, {1, 3000, 1}};
        float[] scales = Normalisation.scales(rows, new float[]{0.5f, 2000, 0.5f});

        assertThat(scales[0]).isCloseTo(0.5f, within(1e-6f));
        assertThat(scales[1]).isCloseTo(1000f, within(1e-3f));
        assertThat(scales[2]).isCloseTo(0.5f, within(1e-6f));
    }

    @Test
    void constantColumnsDoNotDecideWhetherRangesAreMixed() {
        assertThat(Normalisation.mixedRanges(new double[]{0, 0, 16, 16, 12})).isFalse();
        assertThat(Normalisation.mixedRanges(new double[]{0, 1, 1, 1, 250})).isTrue();
    }
}

package io.streamadapt.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class OptdigitsReaderTest {

    @Test
    void readsAllRowsAsSixtyFourWholeBlockCounts() throws IOException {
        Dataset optdigits = OptdigitsReader.read();

        assertThat(optdigits.size()).isEqualTo(1_797);
        assertThat(optdigits.featureCount()).isEqualTo(64);
        assertThat(optdigits.classes()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        for (float[] row : optdigits.features()) {
            for (float value : row) {
                assertThat(value).isBetween(0f, 16f).isEqualTo((float) Math.rint(value));
            }
        }
    }

    @Test
    void keepsTheFileOrderAndLabels() throws IOException {
        Dataset optdigits = OptdigitsReader.read();

        assertThat(optdigits.features()[0]).startsWith(0f, 0f, 5f, 13f, 9f, 1f, 0f, 0f);
        assertThat(optdigits.labelOf(0)).isEqualTo("0");
        assertThat(optdigits.labelOf(1)).isEqualTo("1");
        assertThat(optdigits.classCounts()).containsExactly(178, 182, 177, 183, 181, 182, 181, 179, 174, 180);
    }
}

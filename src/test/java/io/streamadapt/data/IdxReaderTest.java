package io.streamadapt.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    private static final List<String> DIGITS = OptdigitsReader.CLASSES;

    @TempDir
    Path dir;

    private static byte[] imageFile(int count, int rows, int columns, byte[] pixels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxReader.IMAGES_MAGIC);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(columns);
        out.write(pixels);
        return bytes.toByteArray();
    }

    private static byte[] labelFile(byte... labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxReader.LABELS_MAGIC);
        out.writeInt(labels.length);
        out.write(labels);
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    @Test
    void readsTheShippedMnistFilesAsTenThousandImagesScaledToTheUnitInterval() throws IOException {
        Dataset mnist = IdxReader.readResources("mnist", DIGITS, Scenarios.MNIST_IMAGES, Scenarios.MNIST_LABELS);

        assertThat(mnist.size()).isEqualTo(10_000);
        assertThat(mnist.featureCount()).isEqualTo(784);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float[] image : mnist.features()) {
            for (float pixel : image) {
                min = Math.min(min, pixel);
                max = Math.max(max, pixel);
            }
        }
        assertThat(min).isEqualTo(0f);
        assertThat(max).isEqualTo(1f);
        assertThat(Arrays.stream(mnist.classCounts()).boxed().toList()).allSatisfy(count -> assertThat(count).isBetween(800, 1_200));
    }

    @Test
    void readsTheShippedFashionMnistLabelsWithinTenClasses() throws IOException {
        int[] labels = IdxReader.readLabels(Scenarios.FASHION_LABELS);

        assertThat(labels).hasSize(10_000);
        assertThat(Arrays.stream(labels).boxed().toList()).allSatisfy(label -> assertThat(label).isBetween(0, 9));
    }

    @Test
    void readsPlainAndGzippedFilesFromPathsAlike() throws IOException {
        byte[] pixels = {0, (byte) 255, (byte) 128, 51, 0, 0, 0, (byte) 255};
        byte[] images = imageFile(2, 2, 2, pixels);
        Path plainImages = Files.write(dir.resolve("images.idx"), images);
        Path gzippedImages = Files.write(dir.resolve("images.idx.gz"), gzip(images));
        Path labels = Files.write(dir.resolve("labels.idx"), labelFile((byte) 7, (byte) 2));

        Dataset plain = IdxReader.read("plain", DIGITS, plainImages, labels);
        Dataset gzipped = IdxReader.read("plain", DIGITS, gzippedImages, labels);

        assertThat(plain.features()[0]).containsExactly(0f, 1f, 128 / 255f, 0.2f);
        assertThat(plain.features()[1]).containsExactly(0f, 0f, 0f, 1f);
        assertThat(plain.labels()).containsExactly(7, 2);
        assertThat(gzipped).isEqualTo(plain);
    }

    @Test
    void rejectsALabelFileWhereAnImageFileIsExpected() throws IOException {
        assertThatThrownBy(() -> IdxReader.readImages(new ByteArrayInputStream(labelFile((byte) 1))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not an IDX image file")
                .hasMessageContaining("0x00000801");
    }

    @Test
    void rejectsTruncatedImageData() throws IOException {
        byte[] truncated = imageFile(3, 2, 2, new byte[5]);

        assertThatThrownBy(() -> IdxReader.readImages(new ByteArrayInputStream(truncated)))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("image 1 of 3");
    }

    @Test
    void rejectsTruncatedLabelData() throws IOException {
        byte[] file = labelFile((byte) 1, (byte) 2, (byte) 3);
        byte[] truncated = Arrays.copyOf(file, file.length - 1);

        assertThatThrownBy(() -> IdxReader.readLabels(new ByteArrayInputStream(truncated)))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("2 of 3 labels");
    }

    @Test
    void rejectsImageAndLabelFilesOfDifferentLengths() throws IOException {
        Path images = Files.write(dir.resolve("images.idx"), imageFile(2, 1, 1, new byte[2]));
        Path labels = Files.write(dir.resolve("labels.idx"), labelFile((byte) 1));

        assertThatThrownBy(() -> IdxReader.read("d", DIGITS, images, labels))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("2 images but 1 labels");
    }

    @Test
    void reportsAMissingResourceByName() {
        assertThatThrownBy(() -> IdxReader.readLabels("/datasets/none.gz"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("/datasets/none.gz");
    }
}

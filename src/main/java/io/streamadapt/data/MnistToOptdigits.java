package io.streamadapt.data;

import java.util.Objects;

/**
 * Maps 28x28 MNIST images into optdigits' 64-feature space by repeating optdigits' own
 * preprocessing.
 *
 * <p>Optdigits was made from 32x32 normalised binary bitmaps divided into non-overlapping 4x4
 * blocks, with each feature the number of set pixels in one block (0..16). This class does the
 * same to an MNIST image:
 * <ol>
 *   <li>place the 28x28 image in the middle of a blank 32x32 canvas (2 blank pixels on every side);
 *   <li>binarise: a pixel is set when its intensity is at least {@value #THRESHOLD};
 *   <li>count the set pixels in each 4x4 block, giving an 8x8 grid of counts 0..16, flattened row
 *       by row (feature {@code 8 * blockRow + blockColumn}), the order optdigits uses.
 * </ol>
 *
 * <p>The digit is deliberately <em>not</em> rescaled to fill the canvas. MNIST digits are
 * size-normalised to a 20x20 box inside 28x28, while optdigits' bitmaps were normalised to fill
 * 32x32, so mapped MNIST digits are smaller and thicker-stroked in block space than optdigits
 * ones. That leftover difference, together with different writers and scanners, is the real domain
 * shift of the {@code digits} scenario; rescaling here would hide part of it.
 */
public final class MnistToOptdigits {

    /** Side of an MNIST image. */
    public static final int IMAGE_SIDE = 28;
    /** Side of the optdigits bitmap the image is placed on. */
    public static final int CANVAS_SIDE = 32;
    /** Blank pixels added on each side to go from {@link #IMAGE_SIDE} to {@link #CANVAS_SIDE}. */
    public static final int PADDING = (CANVAS_SIDE - IMAGE_SIDE) / 2;
    /** Side of a counting block. */
    public static final int BLOCK_SIDE = 4;
    /** Blocks per canvas side. */
    public static final int BLOCKS_PER_SIDE = CANVAS_SIDE / BLOCK_SIDE;
    /** Number of output features, {@code 8 * 8}. */
    public static final int FEATURES = BLOCKS_PER_SIDE * BLOCKS_PER_SIDE;
    /** Intensity at or above which a pixel counts as set. */
    public static final float THRESHOLD = 0.5f;

    private MnistToOptdigits() {
    }

    /**
     * Maps one image.
     *
     * @param image 784 intensities in [0, 1], row-major, as {@link IdxReader} produces
     * @return 64 block counts 0..16 as floats, row-major over the 8x8 block grid
     */
    public static float[] map(float[] image) {
        Objects.requireNonNull(image, "image");
        if (image.length != IMAGE_SIDE * IMAGE_SIDE) {
            throw new IllegalArgumentException("expected a " + IMAGE_SIDE + "x" + IMAGE_SIDE + " image of "
                    + IMAGE_SIDE * IMAGE_SIDE + " pixels but got " + image.length);
        }
        float[] counts = new float[FEATURES];
        // Walking the image pixels and shifting by the padding is the same as walking the padded
        // canvas: the padding is blank, so it never adds to a count.
        for (int r = 0; r < IMAGE_SIDE; r++) {
            int blockRow = (r + PADDING) / BLOCK_SIDE;
            for (int c = 0; c < IMAGE_SIDE; c++) {
                if (image[r * IMAGE_SIDE + c] >= THRESHOLD) {
                    counts[blockRow * BLOCKS_PER_SIDE + (c + PADDING) / BLOCK_SIDE]++;
                }
            }
        }
        return counts;
    }

    /**
     * Maps every image of an MNIST data set, keeping labels and classes.
     *
     * @param name name of the mapped data set
     */
    public static Dataset map(Dataset mnist, String name) {
        float[][] images = mnist.features();
        float[][] mapped = new float[images.length][];
        for (int i = 0; i < images.length; i++) {
            mapped[i] = map(images[i]);
        }
        return new Dataset(name, mnist.classes(), mapped, mnist.labels());
    }
}

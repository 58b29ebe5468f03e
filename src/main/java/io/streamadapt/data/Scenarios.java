package io.streamadapt.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the named domain-adaptation scenarios from the data sets shipped on the classpath, and
 * custom scenarios from CSV files.
 *
 * <h2>{@value #DIGITS}</h2>
 * Source: all 10,000 MNIST digits, in file order, mapped into optdigits' space by
 * {@link MnistToOptdigits} the way optdigits itself was made (bounding box stretched to fill the
 * 32x32 canvas, then 64 block counts 0..16). Target: all 1,797 UCI optdigits rows, shuffled with
 * the seed. Classes {@code "0"} to {@code "9"}. The shift left is real: different writers, pens and
 * scanners.
 *
 * <h2>{@value #DIGITS_PADDED}</h2>
 * As {@value #DIGITS}, but MNIST digits are placed unscaled in the middle of the canvas, so they stay
 * at MNIST's 20x20 size: the source model is barely above chance on the target.
 *
 * <h2>{@value #FASHION}</h2>
 * Built from the 10,000 Fashion-MNIST test images (784 pixels in [0, 1]), with the class names of
 * {@link #FASHION_CLASSES}.
 * <ul>
 *   <li>Source: images 0 to 6,999, in file order, unchanged.
 *   <li>Target: the held-out images 7,000 to 9,999, shifted in two ways.
 *     <ul>
 *       <li>Label shift: classes 0-4 ({@code t-shirt} to {@code coat}) keep all their images;
 *           classes 5-9 ({@code sandal} to {@code ankle-boot}) keep {@code round(0.3 * n)} of
 *           their {@code n} images, chosen at random with the seed. About 1,940 images remain,
 *           and classes 5-9 make up roughly a quarter of them instead of half.
 *       <li>Covariate shift: every kept image is inverted ({@code 1 - x}, light background, dark
 *           garment) and then rotated about its centre, bilinearly, by an angle drawn uniformly
 *           from [-{@value #FASHION_MAX_ROTATION_DEGREES}, +{@value #FASHION_MAX_ROTATION_DEGREES}]
 *           degrees; corners uncovered by the rotation take the inverted background value 1.
 *           The angle depends only on the seed and the image's position in the file, so an image
 *           is turned the same way whichever images the label shift keeps.
 *     </ul>
 *     The target is then shuffled with the seed.
 * </ul>
 *
 * <h2>{@value #CUSTOM}</h2>
 * {@link #fromCsv(Path, Path)} reads two files in the {@link CsvDatasetReader} format.
 *
 * <p>The same name and seed always give equal scenarios, on any JVM. Decoded files are cached per
 * JVM, so repeated loads cost only the seeded shuffling and shifting; the returned data sets share
 * row arrays with that cache and must not be modified.
 *
 * <p>One class for all scenarios so the seeded transformations, documented above, sit next to each other.
 */
public final class Scenarios {

    /** MNIST to optdigits, 64 features. */
    public static final String DIGITS = "digits";
    /** Fashion-MNIST to a shifted held-out part of itself, 784 features. */
    public static final String FASHION = "fashion";
    /** Name of scenarios read by {@link #fromCsv(Path, Path)}. */
    public static final String CUSTOM = "custom";
    /** MNIST placed unscaled on optdigits' canvas: the source barely transfers, close to learning from scratch. */
    public static final String DIGITS_PADDED = "digits-padded";
    /** Names accepted by {@link #load(String, long)}. */
    public static final List<String> NAMES = List.of(DIGITS, FASHION, DIGITS_PADDED);

    /**
     * Fashion-MNIST class names in label order: T-shirt/top, Trouser, Pullover, Dress, Coat,
     * Sandal, Shirt, Sneaker, Bag, Ankle boot, lower-cased and hyphenated so they need no quoting
     * in command lines, JSON keys or metric tags.
     */
    public static final List<String> FASHION_CLASSES = List.of("t-shirt", "trouser", "pullover", "dress",
            "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot");

    /** Number of leading Fashion-MNIST images in the source domain; the rest are held out. */
    public static final int FASHION_SOURCE_SIZE = 7_000;

    /** Largest rotation, in degrees either way, applied to fashion target images. */
    public static final double FASHION_MAX_ROTATION_DEGREES = 20.0;

    /** Share of each class's held-out images kept in the fashion target, by label. */
    static final double[] FASHION_KEEP_FRACTIONS = {1.0, 1.0, 1.0, 1.0, 1.0, 0.3, 0.3, 0.3, 0.3, 0.3};

    static final String MNIST_IMAGES = "/datasets/mnist/mnist-10k-images-idx3-ubyte.gz";
    static final String MNIST_LABELS = "/datasets/mnist/mnist-10k-labels-idx1-ubyte.gz";
    static final String FASHION_IMAGES = "/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";
    static final String FASHION_LABELS = "/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz";

    private static final int FASHION_SIDE = 28;

    /* Distinct salts, so that the shuffles and draws of one seed are not the same random sequence. */
    private static final long SALT_SUBSAMPLE = 0x5EED_0001L;
    private static final long SALT_ROTATION = 0x5EED_0002L;
    private static final long SALT_SHUFFLE = 0x5EED_0003L;

    private static final Map<String, Dataset> CACHE = new ConcurrentHashMap<>();

    private Scenarios() {
    }

    /**
     * Builds a named scenario.
     *
     * @param name one of {@link #NAMES}
     * @param seed fixes every random choice of the scenario
     * @throws IllegalArgumentException for an unknown name; the message lists the known ones
     * @throws UncheckedIOException     when a shipped data file cannot be read
     */
    public static Scenario load(String name, long seed) {
        if (DIGITS.equals(name)) {
            return digits(seed);
        }
        if (FASHION.equals(name)) {
            return fashion(seed);
        }
        if (DIGITS_PADDED.equals(name)) {
            return digitsPadded(seed);
        }
        throw new IllegalArgumentException("unknown scenario '" + name + "'; known scenarios: "
                + String.join(", ", NAMES));
    }

    /**
     * Builds a scenario named {@value #CUSTOM} from two CSV files in the {@link CsvDatasetReader}
     * format. The class list is the union of both files' labels, ordered as
     * {@link CsvDatasetReader#sortedClasses} does, so a class may be missing from one side.
     *
     * @throws IllegalArgumentException when a file is malformed or the feature counts differ
     * @throws UncheckedIOException     when a file cannot be read
     */
    public static Scenario fromCsv(Path source, Path target) {
        CsvDatasetReader.Rows sourceRows;
        CsvDatasetReader.Rows targetRows;
        try {
            sourceRows = CsvDatasetReader.parse(source);
            targetRows = CsvDatasetReader.parse(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read custom scenario files " + source + " and " + target, e);
        }
        TreeSet<String> labels = new TreeSet<>(sourceRows.labelSet());
        labels.addAll(targetRows.labelSet());
        List<String> classes = CsvDatasetReader.sortedClasses(labels);
        Dataset sourceSet = sourceRows.toDataset(CsvDatasetReader.nameOf(source), classes);
        Dataset targetSet = targetRows.toDataset(CsvDatasetReader.nameOf(target), classes);
        String description = "custom CSV scenario: source " + source + " (" + sourceSet.size()
                + " rows), target " + target + " (" + targetSet.size() + " rows)";
        return new Scenario(CUSTOM, description, sourceSet, targetSet);
    }

    private static Scenario digits(long seed) {
        Dataset source = cached("mnist-as-optdigits", () -> MnistToOptdigits.map(
                IdxReader.readResources("mnist", OptdigitsReader.CLASSES, MNIST_IMAGES, MNIST_LABELS),
                "mnist-as-optdigits"));
        Dataset target = cached("optdigits", OptdigitsReader::read).shuffled(seed);
        String description = "MNIST (" + source.size() + " digits, mapped to optdigits' 8x8 block counts)"
                + " to UCI optdigits (" + target.size() + " digits, shuffled with seed " + seed + ")";
        return new Scenario(DIGITS, description, source, target);
    }

    private static Scenario digitsPadded(long seed) {
        Dataset source = cached("mnist-as-optdigits-padded", () -> MnistToOptdigits.map(
                IdxReader.readResources("mnist", OptdigitsReader.CLASSES, MNIST_IMAGES, MNIST_LABELS),
                "mnist-as-optdigits-padded", MnistToOptdigits::mapPadded));
        Dataset target = cached("optdigits", OptdigitsReader::read).shuffled(seed);
        String description = "MNIST (" + source.size() + " digits, placed unscaled on optdigits' 32x32 canvas, then"
                + " 8x8 block counts) to UCI optdigits (" + target.size() + " digits, shuffled with seed " + seed + ")";
        return new Scenario(DIGITS_PADDED, description, source, target);
    }

    private static Scenario fashion(long seed) {
        Dataset all = cached("fashion-mnist", () -> IdxReader.readResources("fashion-mnist", FASHION_CLASSES,
                FASHION_IMAGES, FASHION_LABELS));
        Dataset source = all.subset(0, FASHION_SOURCE_SIZE).withName("fashion-mnist-source");

        int[] kept = subsampleHeldOut(all.labels(), seed);
        float[][] shifted = new float[kept.length][];
        int[] labels = new int[kept.length];
        for (int k = 0; k < kept.length; k++) {
            int i = kept[k];
            double degrees = (2 * unitInterval(seed ^ SALT_ROTATION, i) - 1) * FASHION_MAX_ROTATION_DEGREES;
            shifted[k] = ImageTransforms.rotate(ImageTransforms.invert(all.features()[i]), FASHION_SIDE,
                    degrees, 1f);
            labels[k] = all.labels()[i];
        }
        Dataset target = new Dataset("fashion-mnist-shifted", FASHION_CLASSES, shifted, labels)
                .shuffled(seed ^ SALT_SHUFFLE);
        String description = "Fashion-MNIST images 0-" + (FASHION_SOURCE_SIZE - 1) + " (" + source.size()
                + ") to held-out images " + FASHION_SOURCE_SIZE + "-" + (all.size() - 1) + ", inverted, rotated"
                + " by up to " + (int) FASHION_MAX_ROTATION_DEGREES + " degrees and with classes 5-9 kept at 30% ("
                + target.size() + " images, seed " + seed + ")";
        return new Scenario(FASHION, description, source, target);
    }

    /**
     * Indices (into the whole file) of the held-out images the label shift keeps, in file order.
     */
    static int[] subsampleHeldOut(int[] allLabels, long seed) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int k = 0; k < FASHION_KEEP_FRACTIONS.length; k++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = FASHION_SOURCE_SIZE; i < allLabels.length; i++) {
            byClass.get(allLabels[i]).add(i);
        }
        Random random = new Random(seed ^ SALT_SUBSAMPLE);
        List<Integer> kept = new ArrayList<>();
        for (int k = 0; k < byClass.size(); k++) {
            List<Integer> members = byClass.get(k);
            Collections.shuffle(members, random);
            kept.addAll(members.subList(0, (int) Math.round(FASHION_KEEP_FRACTIONS[k] * members.size())));
        }
        int[] indices = kept.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(indices);
        return indices;
    }

    /**
     * A uniform draw in [0, 1) that depends only on {@code seed} and {@code index}, using the
     * SplitMix64 finaliser; unlike consecutive {@link Random} seeds, consecutive indices give
     * uncorrelated values.
     */
    static double unitInterval(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }

    private static Dataset cached(String key, DatasetLoader loader) {
        return CACHE.computeIfAbsent(key, k -> {
            try {
                return loader.load();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load shipped data set " + k, e);
            }
        });
    }

    @FunctionalInterface
    private interface DatasetLoader {
        Dataset load() throws IOException;
    }
}

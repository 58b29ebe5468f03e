package io.streamadapt.replay;

import io.streamadapt.data.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * What a replay sends: the stream of examples (its second half resampled to shifted class priors, if asked), which of
 * them later arrive as labelled events, and where the shifted part begins.
 *
 * @param stream     the examples in order; example {@code i} is request {@code r-i}
 * @param labelled   whether example {@code i} is also sent as labelled event {@code e-i}
 * @param shiftStart index of the first example of the shifted part ({@code stream.size()/2}), also without a shift
 * @param shift      the priors of the shifted part, or null when the stream is not resampled
 */
public record ReplayPlan(Dataset stream, boolean[] labelled, int shiftStart, ShiftSpec shift) {
    private static final long SALT_LABELS = 0x1ABE_1001L;
    private static final long SALT_SHIFT = 0x1ABE_1002L;

    /** Every example as it is, every one labelled. */
    public static ReplayPlan all(Dataset data) {
        boolean[] labelled = new boolean[data.size()];
        Arrays.fill(labelled, true);
        return new ReplayPlan(data, labelled, data.size() / 2, null);
    }

    /**
     * @param labelFraction share of examples that later become labelled events, chosen at random with the seed
     * @param shift         priors of the second half, which is resampled with replacement to the same length; null keeps it
     */
    public static ReplayPlan of(Dataset data, double labelFraction, ShiftSpec shift, long seed) {
        if (!(labelFraction >= 0 && labelFraction <= 1)) {
            throw new IllegalArgumentException("--label-fraction must be in [0, 1], got " + labelFraction);
        }
        int n = data.size();
        int half = n / 2;
        Dataset stream = data;
        if (shift != null) {
            double[] priors = shift.priors(data.classes());
            int[] order = new int[n];
            for (int i = 0; i < half; i++) {
                order[i] = i;
            }
            List<List<Integer>> pool = pools(data, half, n);
            List<List<Integer>> whole = pools(data, 0, n);
            Random random = new Random(seed ^ SALT_SHIFT);
            for (int i = half; i < n; i++) {
                int c = draw(priors, random.nextDouble());
                // a class the second half lacks is drawn from the whole stream rather than dropped
                List<Integer> from = pool.get(c).isEmpty() ? whole.get(c) : pool.get(c);
                if (from.isEmpty()) {
                    throw new IllegalArgumentException("--shift-priors gives class '" + data.classes().get(c)
                            + "' a share, but the target data has no example of it");
                }
                order[i] = from.get(random.nextInt(from.size()));
            }
            stream = data.select(order).withName(data.name() + "-shifted");
        }
        Random random = new Random(seed ^ SALT_LABELS);
        boolean[] labelled = new boolean[n];
        for (int i = 0; i < n; i++) {
            labelled[i] = labelFraction >= 1 || random.nextDouble() < labelFraction;
        }
        return new ReplayPlan(stream, labelled, half, shift);
    }

    public int labelledCount() {
        int c = 0;
        for (boolean b : labelled) {
            if (b) {
                c++;
            }
        }
        return c;
    }

    public int labelledCount(int from, int to) {
        int c = 0;
        for (int i = from; i < to; i++) {
            if (labelled[i]) {
                c++;
            }
        }
        return c;
    }

    private static List<List<Integer>> pools(Dataset data, int from, int to) {
        List<List<Integer>> pool = new ArrayList<>();
        for (int c = 0; c < data.classCount(); c++) {
            pool.add(new ArrayList<>());
        }
        for (int i = from; i < to; i++) {
            pool.get(data.labels()[i]).add(i);
        }
        return pool;
    }

    private static int draw(double[] priors, double u) {
        double s = 0;
        for (int c = 0; c < priors.length; c++) {
            s += priors[c];
            if (u < s) {
                return c;
            }
        }
        int last = priors.length - 1;
        while (last > 0 && priors[last] == 0) {
            last--;
        }
        return last;
    }
}

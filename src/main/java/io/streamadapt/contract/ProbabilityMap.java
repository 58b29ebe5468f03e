package io.streamadapt.contract;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Class probabilities by class name, in the model's class order: a read-only map over the class list and one array.
 * Serving builds one per request; a hash map of boxed numbers per request was a visible share of its CPU, and
 * {@link PredictionJson} writes this one straight from the array.
 *
 * <p>The array is not copied: whoever builds the map hands over an array it no longer writes. Class names are the
 * model's, hence distinct; a lookup by name walks the list, which for a classifier's classes is short.
 */
public final class ProbabilityMap extends AbstractMap<String, Double> {
    private final List<String> classes;
    private final double[] probabilities;

    /** @param probabilities one per class, in {@code classes} order */
    public ProbabilityMap(List<String> classes, double[] probabilities) {
        if (classes.size() != probabilities.length) {
            throw new IllegalArgumentException(classes.size() + " classes but " + probabilities.length + " probabilities");
        }
        this.classes = classes;
        this.probabilities = probabilities;
    }

    @Override
    public int size() {
        return probabilities.length;
    }

    String classAt(int i) {
        return classes.get(i);
    }

    double probabilityAt(int i) {
        return probabilities[i];
    }

    @Override
    public Double get(Object key) {
        int i = classes.indexOf(key);
        return i < 0 ? null : probabilities[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return classes.contains(key);
    }

    @Override
    public Set<Entry<String, Double>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return probabilities.length;
            }

            @Override
            public Iterator<Entry<String, Double>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < probabilities.length;
                    }

                    @Override
                    public Entry<String, Double> next() {
                        if (next >= probabilities.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(classes.get(i), probabilities[i]);
                    }
                };
            }
        };
    }
}

package io.streamadapt.data;

import java.util.List;
import java.util.Objects;

/**
 * A domain-adaptation scenario: a labelled source domain the model is pretrained on and a
 * shifted target domain whose labelled examples arrive on the stream.
 *
 * <p>Both domains have the same feature count and the same class list, in the same order, so a
 * label index means the same class on both sides and a model trained on one accepts the other.
 * Both must be non-empty.
 *
 * @param name        scenario identifier, such as {@code digits}
 * @param description one-line account of where the data comes from and what the shift is
 * @param source      the domain the model is pretrained on
 * @param target      the domain the model is adapted to
 */
public record Scenario(String name, String description, Dataset source, Dataset target) {

    /** Validates that source and target are non-empty and share feature count and classes. */
    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        if (name.isBlank()) {
            throw new IllegalArgumentException("scenario name must not be blank");
        }
        if (source.size() == 0 || target.size() == 0) {
            throw new IllegalArgumentException(name + ": source and target must both have examples, but "
                    + source.name() + " has " + source.size() + " and " + target.name() + " has "
                    + target.size());
        }
        if (source.featureCount() != target.featureCount()) {
            throw new IllegalArgumentException(name + ": source " + source.name() + " has "
                    + source.featureCount() + " features but target " + target.name() + " has "
                    + target.featureCount());
        }
        if (!source.classes().equals(target.classes())) {
            throw new IllegalArgumentException(name + ": source classes " + source.classes()
                    + " differ from target classes " + target.classes());
        }
    }

    /** Number of features of both domains. */
    public int featureCount() {
        return source.featureCount();
    }

    /** Class list of both domains. */
    public List<String> classes() {
        return source.classes();
    }
}

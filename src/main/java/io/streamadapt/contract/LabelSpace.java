package io.streamadapt.contract;

import java.util.List;

/**
 * What a valid record must look like for the model currently serving: its input size and its ordered class list.
 *
 * @param allowNewLabels whether an unseen label is accepted (it then grows the model's head) instead of rejected
 */
public record LabelSpace(int inputSize, List<String> classes, boolean allowNewLabels) {
    public LabelSpace {
        classes = List.copyOf(classes);
    }
}

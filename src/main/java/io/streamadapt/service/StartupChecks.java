package io.streamadapt.service;

import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import io.streamadapt.contract.Validator;
import io.streamadapt.kafka.TopicLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares what the service may write with what the broker accepts, before anything is written: under exactly-once a
 * record the broker refuses aborts its transaction at every retry, which would stop a task for good. Dead letters are
 * cut to fit their topic, so the dead-letter topic only needs room for the reason headers.
 */
final class StartupChecks {
    /** Room for a dead letter's reason headers and a readable part of the original record. */
    static final int MIN_DLQ_BYTES = 4096;
    /** Longest JSON text of one feature value ({@code -1.2345678E-12,}). */
    private static final int FEATURE_CHARS = 16;

    private StartupChecks() {
    }

    static void check(Config config, TopicLimits limits, int versionZeroBytes, int inputSize) {
        List<String> problems = new ArrayList<>();
        if (limits.dlq() < MIN_DLQ_BYTES) {
            problems.add("the dead-letter topic accepts only " + limits.dlq() + " bytes per record (max.message.bytes); it needs at least " + MIN_DLQ_BYTES);
        }
        int largestValid = largestValidatedRecord(inputSize);
        if (limits.training() < largestValid) {
            problems.add("the training topic accepts " + limits.training() + " bytes per record; a validated labelled event can take " + largestValid);
        }
        if (limits.predictions() < largestValid) {
            problems.add("the predictions topic accepts " + limits.predictions() + " bytes per record; a prediction can take " + largestValid);
        }
        // candidates grow with new labels and differ in metadata: keep room for twice the source model
        long needed = 2L * versionZeroBytes;
        int modelMax = config.get(Settings.MODEL_MAX_BYTES);
        if (Math.min(limits.models(), modelMax) < needed) {
            problems.add("a model version needs about " + needed + " bytes but the models topic accepts " + limits.models()
                    + " (max.message.bytes) and model.max.bytes is " + modelMax);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Topic limits too small: " + String.join("; ", problems)
                    + ". Raise max.message.bytes of the topic (kafka-configs --alter --add-config max.message.bytes=...) or the broker's message.max.bytes.");
        }
    }

    /** Upper bound of a validated labelled event or a prediction: bounded id, key, label and headers plus the features. */
    static int largestValidatedRecord(int inputSize) {
        return 1024 + 3 * Validator.MAX_ID_LENGTH + Validator.MAX_HEADER_BYTES + inputSize * FEATURE_CHARS;
    }
}

package io.streamadapt.model;

import io.streamadapt.labelshift.Calibration;
import java.util.List;
import java.util.Map;

/**
 * One published model version, the value of a record on the models topic (key: the version number).
 *
 * @param version         number; 0 is the pretrained source model
 * @param parent          version it was fine-tuned from (-1 for version 0)
 * @param kind            {@code source}, {@code finetune} or {@code rollback}
 * @param createdAt       epoch millis
 * @param hyperParameters strategy and hyper-parameters of the step that made it
 * @param fromOffset      first training-topic offset it learned from (inclusive; -1 for version 0)
 * @param toOffset        last training-topic offset it learned from (inclusive; -1 for version 0)
 * @param events          labelled events consumed since the parent (trained on or held out by the gate)
 * @param gate            the gate's figures: candidate vs parent on the same held-out events
 * @param classes         ordered class list of the target head
 * @param provenance      data, library versions, times
 * @param artifact        the serialised model
 * @param calibration     temperature, training priors and held-out confusion matrix for label shift (null for versions
 *                        published before they were recorded)
 */
public record ModelVersion(long version, long parent, String kind, long createdAt, Map<String, String> hyperParameters,
                           long fromOffset, long toOffset, long events, Map<String, Object> gate, List<String> classes,
                           int inputSize, Map<String, String> provenance, byte[] artifact, Calibration calibration) {

    /** A version without label-shift calibration. */
    public ModelVersion(long version, long parent, String kind, long createdAt, Map<String, String> hyperParameters,
                        long fromOffset, long toOffset, long events, Map<String, Object> gate, List<String> classes,
                        int inputSize, Map<String, String> provenance, byte[] artifact) {
        this(version, parent, kind, createdAt, hyperParameters, fromOffset, toOffset, events, gate, classes, inputSize,
                provenance, artifact, null);
    }

    /** The same record without the model bytes, to keep many versions in memory cheaply. */
    public ModelVersion withoutArtifact() {
        return new ModelVersion(version, parent, kind, createdAt, hyperParameters, fromOffset, toOffset, events, gate, classes,
                inputSize, provenance, null, calibration);
    }

    /** The same version without its artifact, for listings. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("version", version);
        m.put("parent", parent);
        m.put("kind", kind);
        m.put("createdAt", createdAt);
        m.put("hyperParameters", hyperParameters);
        m.put("fromOffset", fromOffset);
        m.put("toOffset", toOffset);
        m.put("events", events);
        m.put("gate", gate);
        m.put("classes", classes);
        m.put("inputSize", inputSize);
        m.put("provenance", provenance);
        m.put("calibration", calibration);
        m.put("artifactBytes", artifact == null ? 0 : artifact.length);
        return m;
    }
}

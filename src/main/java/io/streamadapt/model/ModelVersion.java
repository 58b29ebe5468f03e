package io.streamadapt.model;

import io.streamadapt.adapt.AdaptationStep;
import io.streamadapt.adapt.Classifier;
import io.streamadapt.labelshift.Calibration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One published model version, the value of a record on the models topic (key: the version number). Built by the named
 * factories {@link #source}, {@link #fineTuned} and {@link #rollback}; the canonical constructor is the wire format.
 *
 * @param version         number; 0 is the pretrained source model
 * @param parent          version it was fine-tuned from (-1 for version 0)
 * @param kind            {@code source}, {@code finetune}, {@code scratch} (the scratch shadow published against negative
 *                        transfer) or {@code rollback}
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

    /** {@link #kind()} of version 0. */
    public static final String SOURCE = "source";
    /** {@link #kind()} of an operator's rollback: a copy of an older version under a new number. */
    public static final String ROLLBACK = "rollback";

    /** Where a version stands in the line: its number and the version it came from. */
    public record Lineage(long version, long parent) {
        /** Version 0 has no parent. */
        public static final Lineage SOURCE = new Lineage(0, -1);
    }

    /**
     * The labelled events a version learned from.
     *
     * @param fromOffset first training-topic offset (inclusive)
     * @param toOffset   last training-topic offset (inclusive)
     * @param events     labelled events consumed since the parent (trained on or held out by the gate)
     */
    public record TrainingRange(long fromOffset, long toOffset, long events) {
        /** No events: the source model, and rollbacks (the events since the last fine-tune stay with the next one). */
        public static final TrainingRange NONE = new TrainingRange(-1, -1, 0);
    }

    /** Version 0: the pretrained source model, with the class mix it was trained on as its calibration. */
    public static ModelVersion source(Classifier model, byte[] artifact, Calibration calibration, long createdAt) {
        return of(Lineage.SOURCE, SOURCE, model, artifact, TrainingRange.NONE, Map.of("verdict", "pretrained source model"),
                calibration, createdAt);
    }

    /**
     * A candidate the gate accepted: fine-tuned from its parent, or the scratch shadow when it beat the fine-tuned line.
     *
     * @param gate the gate's figures: candidate vs parent on the same held-out events
     */
    public static ModelVersion fineTuned(Lineage lineage, AdaptationStep.Origin origin, Classifier model, byte[] artifact,
                                         TrainingRange trainedOn, Map<String, Object> gate, Calibration calibration,
                                         long createdAt) {
        return of(lineage, origin.id(), model, artifact, trainedOn, gate, calibration, createdAt);
    }

    /**
     * An operator's rollback: {@code target}'s model, hyper-parameters and calibration under the new number
     * {@code version}, its parent being {@code target}.
     *
     * @param artifact  {@code target}'s model bytes (the registry may have dropped them from {@code target})
     * @param commandId the operator command that asked for it
     */
    public static ModelVersion rollback(long version, ModelVersion target, byte[] artifact, String commandId, long createdAt) {
        Map<String, Object> gate = new LinkedHashMap<>();
        gate.put("verdict", "operator rollback to version " + target.version());
        gate.put("command", commandId);
        return new ModelVersion(version, target.version(), ROLLBACK, createdAt, target.hyperParameters(), TrainingRange.NONE.fromOffset(),
                TrainingRange.NONE.toOffset(), TrainingRange.NONE.events(), gate, target.classes(), target.inputSize(),
                target.provenance(), artifact, target.calibration());
    }

    private static ModelVersion of(Lineage lineage, String kind, Classifier model, byte[] artifact, TrainingRange trainedOn,
                                   Map<String, Object> gate, Calibration calibration, long createdAt) {
        return new ModelVersion(lineage.version(), lineage.parent(), kind, createdAt, model.metadata().hyperParameters(),
                trainedOn.fromOffset(), trainedOn.toOffset(), trainedOn.events(), gate, model.classes(), model.inputSize(),
                model.metadata().provenance(), artifact, calibration);
    }

    /** The same record without the model bytes, to keep many versions in memory cheaply. */
    public ModelVersion withoutArtifact() {
        return new ModelVersion(version, parent, kind, createdAt, hyperParameters, fromOffset, toOffset, events, gate, classes,
                inputSize, provenance, null, calibration);
    }

    /** The same version without its artifact, for listings. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
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

package io.streamadapt.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.adapt.AdaptationStep;
import io.streamadapt.contract.Json;
import io.streamadapt.labelshift.Calibration;
import io.streamadapt.testing.TableClassifier;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Versions are built by named factories, and the models topic's records keep their wire format. */
class ModelVersionTest {
    private static final List<String> CLASSES = List.of("a", "b");
    private static final TableClassifier MODEL = new TableClassifier(CLASSES, Map.of(), 0, Map.of("strategy", "full"));
    private static final byte[] BYTES = {1, 2, 3};

    /** A fine-tuned version as the trainer wrote it before the factories existed (calibration not yet recorded). */
    private static final String WRITTEN_BEFORE = "{\"version\":3,\"parent\":2,\"kind\":\"finetune\",\"createdAt\":1700000000000,"
            + "\"hyperParameters\":{\"strategy\":\"full\"},\"fromOffset\":10,\"toOffset\":19,\"events\":10,"
            + "\"gate\":{\"verdict\":\"accepted\",\"holdoutEvents\":4},\"classes\":[\"a\",\"b\"],\"inputSize\":1,\"provenance\":{},"
            + "\"artifact\":\"AQID\",\"calibration\":null}";

    private static Map<String, Object> gate() {
        Map<String, Object> gate = new LinkedHashMap<>();
        gate.put("verdict", "accepted");
        gate.put("holdoutEvents", 4);
        return gate;
    }

    @Test
    void theSourceVersionIsNumberZeroWithoutParentOrTrainingEvents() {
        Calibration calibration = Calibration.identity(CLASSES, null);
        ModelVersion v = ModelVersion.source(MODEL, BYTES, calibration, 5);

        assertThat(v.version()).isZero();
        assertThat(v.parent()).isEqualTo(-1);
        assertThat(v.kind()).isEqualTo(ModelVersion.SOURCE);
        assertThat(List.of(v.fromOffset(), v.toOffset(), v.events())).containsExactly(-1L, -1L, 0L);
        assertThat(v.gate()).containsExactly(Map.entry("verdict", "pretrained source model"));
        assertThat(v.hyperParameters()).containsEntry("strategy", "full");
        assertThat(v.classes()).isEqualTo(CLASSES);
        assertThat(v.inputSize()).isEqualTo(1);
        assertThat(v.artifact()).isSameAs(BYTES);
        assertThat(v.calibration()).isSameAs(calibration);
        assertThat(v.createdAt()).isEqualTo(5);
    }

    @Test
    void aFineTunedVersionRecordsItsLineageTheEventsItLearnedFromAndTheGate() {
        ModelVersion v = ModelVersion.fineTuned(new ModelVersion.Lineage(3, 2), AdaptationStep.Origin.FINE_TUNED, MODEL, BYTES,
                new ModelVersion.TrainingRange(10, 19, 10), gate(), null, 1_700_000_000_000L);

        assertThat(List.of(v.version(), v.parent(), v.fromOffset(), v.toOffset(), v.events())).containsExactly(3L, 2L, 10L, 19L, 10L);
        assertThat(v.kind()).isEqualTo("finetune");
        assertThat(v.gate()).isEqualTo(gate());
    }

    @Test
    void aScratchShadowIsPublishedUnderItsOwnKind() {
        ModelVersion v = ModelVersion.fineTuned(new ModelVersion.Lineage(4, 3), AdaptationStep.Origin.SCRATCH, MODEL, BYTES,
                new ModelVersion.TrainingRange(20, 29, 10), gate(), null, 0);

        assertThat(v.kind()).isEqualTo("scratch");
        assertThat(v.parent()).isEqualTo(3);
    }

    @Test
    void aRollbackCopiesItsTargetUnderTheNewNumberAndLeavesTheEventsToTheNextFineTune() {
        Calibration calibration = Calibration.identity(CLASSES, Map.of("a", 0.7, "b", 0.3));
        ModelVersion target = ModelVersion.fineTuned(new ModelVersion.Lineage(3, 2), AdaptationStep.Origin.FINE_TUNED, MODEL, null,
                new ModelVersion.TrainingRange(10, 19, 10), gate(), calibration, 0);

        ModelVersion v = ModelVersion.rollback(7, target, BYTES, "cmd-1", 9);

        assertThat(List.of(v.version(), v.parent(), v.fromOffset(), v.toOffset(), v.events())).containsExactly(7L, 3L, -1L, -1L, 0L);
        assertThat(v.kind()).isEqualTo(ModelVersion.ROLLBACK);
        assertThat(v.gate()).containsExactly(Map.entry("verdict", "operator rollback to version 3"), Map.entry("command", "cmd-1"));
        assertThat(v.hyperParameters()).isEqualTo(target.hyperParameters());
        assertThat(v.calibration()).isSameAs(calibration);
        assertThat(v.artifact()).as("the target's bytes may have been dropped from memory").isSameAs(BYTES);
        assertThat(v.createdAt()).isEqualTo(9);
    }

    @Test
    void aFactoryWritesTheSameBytesAsTheTrainerWroteBefore() {
        ModelVersion v = ModelVersion.fineTuned(new ModelVersion.Lineage(3, 2), AdaptationStep.Origin.FINE_TUNED, MODEL, BYTES,
                new ModelVersion.TrainingRange(10, 19, 10), gate(), null, 1_700_000_000_000L);

        assertThat(new String(Json.write(v), StandardCharsets.UTF_8)).isEqualTo(WRITTEN_BEFORE);
    }

    @Test
    void aRecordWrittenBeforeCalibrationWasRecordedStillParses() {
        String old = WRITTEN_BEFORE.replace(",\"calibration\":null", "");

        ModelVersion v = Json.read(old.getBytes(StandardCharsets.UTF_8), ModelVersion.class);

        assertThat(v.calibration()).isNull();
        assertThat(v.artifact()).containsExactly(BYTES);
        assertThat(Json.write(v)).isEqualTo(WRITTEN_BEFORE.getBytes(StandardCharsets.UTF_8));
    }
}

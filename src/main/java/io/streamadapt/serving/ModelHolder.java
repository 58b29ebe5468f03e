package io.streamadapt.serving;

import io.streamadapt.contract.LabelSpace;
import io.streamadapt.model.ModelRegistry;
import io.streamadapt.model.ModelVersion;
import io.streamadapt.model.ServedModel;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model that serves right now. A new version is fully loaded before the reference is swapped, so a request is
 * scored either by the old or by the new version, never by a half-loaded one, and none waits for a load.
 */
public final class ModelHolder {
    private static final Logger LOG = LoggerFactory.getLogger(ModelHolder.class);
    private final AtomicReference<ServedModel> current = new AtomicReference<>();
    private final boolean allowNewLabels;
    private volatile SpaceOf space;

    public ModelHolder(boolean allowNewLabels) {
        this.allowNewLabels = allowNewLabels;
    }

    public ModelHolder(ServedModel initial, boolean allowNewLabels) {
        this(allowNewLabels);
        current.set(initial);
    }

    public Optional<ServedModel> get() {
        return Optional.ofNullable(current.get());
    }

    public void swap(ServedModel next) {
        ServedModel prev = current.getAndSet(next);
        if (prev == null || prev.version() != next.version()) {
            LOG.info("Serving model version {} (was {})", next.version(), prev == null ? "none" : prev.version());
        }
    }

    /** Registry listener: loads and swaps in the version serving should use when it differs from the current one. */
    public void follow(ModelRegistry registry) {
        // a version that cannot be loaded drops out of registry.serving(); the next candidate is tried
        for (int attempt = 0; attempt < 10; attempt++) {
            Optional<ModelVersion> target = registry.serving();
            ServedModel now = current.get();
            if (target.isEmpty() || (now != null && now.version() == target.get().version())) {
                return;
            }
            try {
                // loaded for scoring only: a copy that scores without DL4J's per-call cost (see Classifier.forInference)
                swap(new ServedModel(target.get().version(), registry.load(target.get()).forInference(), target.get().calibration()));
                return;
            } catch (IllegalStateException e) {
                LOG.warn("Not serving version {}: {}", target.get().version(), e.getMessage());
            }
        }
    }

    /** What valid records must look like for the serving model. */
    public LabelSpace labelSpace() {
        ServedModel m = current.get();
        if (m == null) {
            throw new IllegalStateException("no model is serving yet");
        }
        // read for every record: built once per version, not once per record (it copies the class list)
        SpaceOf s = space;
        if (s == null || s.model() != m) {
            s = new SpaceOf(m, new LabelSpace(m.model().inputSize(), m.model().classes(), allowNewLabels));
            space = s;
        }
        return s.space();
    }

    /** A label space and the version it belongs to, replaced together. */
    private record SpaceOf(ServedModel model, LabelSpace space) {
    }
}

package io.streamadapt.model;

import java.util.Optional;

/** The newest published version, loaded; lets the trainer notice a version an operator published (a rollback). */
public interface ModelSource {
    Optional<ServedModel> newest();
}

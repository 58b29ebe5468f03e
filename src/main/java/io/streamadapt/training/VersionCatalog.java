package io.streamadapt.training;

import io.streamadapt.model.ModelVersion;
import java.util.List;
import java.util.Optional;

/** What the trainer reads about published versions to apply operator commands and retire old versions. */
public interface VersionCatalog {
    /** Knows no versions: commands that need one are skipped. */
    VersionCatalog EMPTY = new VersionCatalog() {
        @Override
        public Optional<ModelVersion> version(long version) {
            return Optional.empty();
        }

        @Override
        public byte[] artifact(long version) {
            throw new IllegalStateException("no model version " + version);
        }

        @Override
        public List<Long> numbers() {
            return List.of();
        }

        @Override
        public Optional<Long> pinned() {
            return Optional.empty();
        }
    };

    Optional<ModelVersion> version(long version);

    /** The model bytes of a version (read back from the models topic when no longer in memory). */
    byte[] artifact(long version);

    /** Version numbers on the models topic, ascending. */
    List<Long> numbers();

    Optional<Long> pinned();
}

package io.streamadapt.model;

import java.util.Optional;

/** Where a {@link ModelRegistry}'s records come from: in the service, the models topic ({@link ModelsTopicFeed}). */
public interface ModelFeed {
    /** Whether records still arrive; false once the feed died (liveness must fail then). */
    boolean following();

    /** Records the feed skipped because the registry could not read them. */
    long skipped();

    /** The newest value of {@code key} read again from the source, for model bytes dropped from memory. */
    Optional<byte[]> reread(String key);

    /** No feed: the catalogue holds what was applied by hand and follows nothing. */
    ModelFeed NONE = new ModelFeed() {
        @Override
        public boolean following() {
            return false;
        }

        @Override
        public long skipped() {
            return 0;
        }

        @Override
        public Optional<byte[]> reread(String key) {
            return Optional.empty();
        }
    };
}

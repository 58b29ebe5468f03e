package io.streamadapt.model;

import io.streamadapt.kafka.CompactedTopicFollower;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Feeds a {@link ModelRegistry} from the compacted models topic: a {@link CompactedTopicFollower} whose records the
 * registry applies, whose skipped records and liveness the registry reports, and which reads back model bytes the
 * registry dropped from memory. Each instance runs one.
 */
public final class ModelsTopicFeed implements ModelFeed, AutoCloseable {
    private final CompactedTopicFollower follower;

    private ModelsTopicFeed(CompactedTopicFollower follower) {
        this.follower = follower;
    }

    /**
     * A feed of {@code registry} from {@code topic}, not started yet (add the registry's listeners first).
     *
     * @param consumerProps read-committed consumer settings, so a version exists only once its transaction commits
     */
    public static ModelsTopicFeed of(Map<String, Object> consumerProps, String topic, ModelRegistry registry) {
        ModelsTopicFeed feed = new ModelsTopicFeed(new CompactedTopicFollower(consumerProps, topic, registry::apply, registry::changed));
        registry.fedBy(feed);
        return feed;
    }

    public ModelsTopicFeed start() {
        follower.start();
        return this;
    }

    /** Blocks until every version on the topic at start-up is in the registry and its listeners have seen them. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    @Override
    public boolean following() {
        return follower.following();
    }

    @Override
    public long skipped() {
        return follower.skipped();
    }

    @Override
    public Optional<byte[]> reread(String key) {
        return follower.latestValue(key);
    }

    @Override
    public void close() {
        follower.close();
    }
}

package io.streamadapt.kafka;

import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates StreamAdapt's topics at start-up when they do not exist yet; existing topics are left as they are. */
public final class TopicAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

    private TopicAdmin() {
    }

    /** The topics with their settings: models compacted with room for a model; training on one partition. */
    static List<NewTopic> plan(Topics topics, Config config) {
        int partitions = config.get(Settings.PARTITIONS);
        short rf = config.get(Settings.REPLICATION_FACTOR).shortValue();
        String maxModel = Integer.toString(config.get(Settings.MODEL_MAX_BYTES));
        List<NewTopic> out = new ArrayList<>();
        out.add(new NewTopic(topics.labeled().name(), partitions, rf));
        out.add(new NewTopic(topics.requests().name(), partitions, rf));
        out.add(new NewTopic(topics.predictions().name(), partitions, rf));
        out.add(new NewTopic(topics.dlq().name(), 1, rf).configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")));
        out.add(new NewTopic(topics.training().name(), 1, rf).configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")));
        Map<String, String> models = new HashMap<>();
        models.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        models.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxModel);
        out.add(new NewTopic(topics.models().name(), 1, rf).configs(models));
        return out;
    }

    public static void ensureTopics(Topics topics, Config config) {
        try (Admin admin = Admin.create(KafkaProps.admin(config))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = plan(topics, config).stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
                LOG.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create topics: " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }
}

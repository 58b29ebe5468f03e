package io.streamadapt.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.config.Config;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicAdminTest {
    private final Config config = Config.of(Map.of("application.id", "app", "topics.partitions", "6",
            "topics.replication", "3", "model.max.bytes", "4194304", "topic.labeled", "in.labeled"));
    private final Map<String, NewTopic> plan = TopicAdmin.plan(Topics.from(config), config).stream()
            .collect(Collectors.toMap(NewTopic::name, Function.identity()));

    @Test
    void plansEveryTopicUnderItsConfiguredName() {
        assertThat(plan).containsOnlyKeys("in.labeled", "adapt.requests", "adapt.predictions", "adapt.dlq",
                "app.training", "adapt.models");
    }

    @Test
    void spreadsTheProducerFacingTopicsOverTheConfiguredPartitions() {
        for (String name : List.of("in.labeled", "adapt.requests", "adapt.predictions")) {
            assertThat(plan.get(name).numPartitions()).as(name).isEqualTo(6);
        }
        assertThat(plan.values()).allSatisfy(t -> assertThat(t.replicationFactor()).isEqualTo((short) 3));
    }

    @Test
    void putsTrainingEventsOnOnePartitionSoOneTrainerSeesOneOrder() {
        assertThat(plan.get("app.training").numPartitions()).isEqualTo(1);
        assertThat(plan.get("app.training").configs()).containsEntry("retention.ms", "-1");
    }

    @Test
    void plansTheModelsTopicCompactedWithTheModelSizeLimit() {
        NewTopic models = plan.get("adapt.models");

        assertThat(models.numPartitions()).isEqualTo(1);
        assertThat(models.configs()).containsEntry("cleanup.policy", "compact").containsEntry("max.message.bytes", "4194304");
    }

    @Test
    void keepsDeadLettersForever() {
        assertThat(plan.get("adapt.dlq").configs()).containsEntry("retention.ms", "-1");
        assertThat(plan.get("adapt.dlq").numPartitions()).isEqualTo(1);
    }

    @Test
    void leavesTheProducerFacingTopicsAtBrokerDefaults() {
        assertThat(Optional.ofNullable(plan.get("in.labeled").configs()).orElse(Map.of())).isEmpty();
    }
}

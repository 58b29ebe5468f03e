package io.streamadapt.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SizeSettingTest {
    @Test
    void readsSizesInTheJvmsUnits() {
        assertThat(Setting.parseSize("384m")).isEqualTo(384L << 20);
        assertThat(Setting.parseSize("1G")).isEqualTo(1L << 30);
        assertThat(Setting.parseSize("64k")).isEqualTo(64L << 10);
        assertThat(Setting.parseSize("1048576")).isEqualTo(1L << 20);
    }

    @Test
    void memoryKeysHaveBoundedDefaultsAndRejectNonsenseWithTheKeyNamed() {
        Config defaults = Config.defaults();
        assertThat(defaults.get(Settings.MEMORY_HEAP)).isEqualTo(192L << 20);
        assertThat(defaults.get(Settings.MEMORY_NATIVE)).isEqualTo(128L << 20);
        assertThat(Config.of(Map.of("memory.heap", "0")).get(Settings.MEMORY_HEAP)).as("0 keeps the JVM's default").isZero();
        assertThatThrownBy(() -> Config.of(Map.of("memory.heap", "lots"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("memory.heap").hasMessageContaining("size");
        assertThatThrownBy(() -> Config.of(Map.of("memory.heap", "1m"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("at least 64m");
        assertThatThrownBy(() -> Config.of(Map.of("memory.native", "-5m"))).isInstanceOf(ConfigException.class);
    }
}

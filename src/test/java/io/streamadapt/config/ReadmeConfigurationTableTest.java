package io.streamadapt.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README is where users look keys up; it must list every key with the default the code uses. */
class ReadmeConfigurationTableTest {
    @Test
    void readmeListsEveryKeyWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (Setting<?> s : Settings.ALL) {
            if (s == Settings.STATE_DIR) {
                assertThat(readme).contains("| `" + s.key() + "` |");
                continue; // its default depends on the machine's temporary directory
            }
            assertThat(readme).as("README row of %s", s.key()).contains("| `" + s.key() + "` | " + s.type() + " | `" + s.fallback() + "` |");
        }
    }
}

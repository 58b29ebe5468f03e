package io.streamadapt.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TemporaryDirectoriesTest {

    @Test
    void aDirectoryAndEverythingInItIsGoneWhenTheProcessThatMadeItExits() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                MakesOneAndExits.class.getName())).redirectErrorStream(true).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child process exits").isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        Path made = Path.of(out.lines().reduce((first, last) -> last).orElseThrow());

        assertThat(child.exitValue()).as(out).isZero();
        assertThat(made.getFileName().toString()).startsWith("streamadapt-test-");
        assertThat(made).doesNotExist();
    }

    @Test
    void deletingNowRemovesNestedFilesAndAMissingDirectoryIsNoError() throws IOException {
        Path dir = TemporaryDirectories.create("streamadapt-test-");
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/b/c.txt"), "state");

        TemporaryDirectories.delete(dir);
        TemporaryDirectories.delete(dir);

        assertThat(dir).doesNotExist();
    }

    /** Makes a directory with a file in it, prints its path and exits normally. */
    static final class MakesOneAndExits {
        public static void main(String[] args) throws IOException {
            Path dir = TemporaryDirectories.create("streamadapt-test-");
            Files.createDirectories(dir.resolve("rocksdb"));
            Files.writeString(dir.resolve("rocksdb/CURRENT"), "MANIFEST-000001");
            System.out.println(dir);
        }
    }
}

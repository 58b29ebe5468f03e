package io.streamadapt.adapt.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibrariesTest {
    @TempDir
    Path dir;

    @Test
    void linksEverySharedLibraryOnceByFileName() throws Exception {
        Path cache = dir.resolve("cache");
        Path openblas = Files.createDirectories(cache.resolve("openblas.jar/org/bytedeco/openblas/linux-x86_64"));
        Path nd4j = Files.createDirectories(cache.resolve("nd4j-native.jar/org/nd4j/bindings/linux-x86_64"));
        Files.writeString(openblas.resolve("libgomp.so.1"), "openblas gomp");
        Files.writeString(openblas.resolve("libjniopenblas.so"), "jni");
        Files.writeString(nd4j.resolve("libgomp.so.1"), "nd4j gomp");
        Files.writeString(nd4j.resolve("libnd4jcpu.so"), "nd4j");
        Files.writeString(nd4j.resolve("README.txt"), "not a library");
        Path links = dir.resolve("native");

        List<String> linked = NativeLibraries.link(cache, links);

        assertThat(linked).containsExactlyInAnyOrder("libgomp.so.1", "libjniopenblas.so", "libnd4jcpu.so");
        assertThat(Files.isSymbolicLink(links.resolve("libnd4jcpu.so"))).isTrue();
        assertThat(Files.readString(links.resolve("libnd4jcpu.so"))).isEqualTo("nd4j");
        assertThat(links.resolve("README.txt")).doesNotExist();
        // running it again (a rebuilt layer) keeps the links it made
        assertThat(NativeLibraries.link(cache, links)).isEmpty();
    }
}

package io.streamadapt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package tree tells the data flow: each stage may use the shared types at the bottom and the stages before it,
 * never one after it, and the shared types never reach up into a stage.
 */
class PackageDependenciesTest {
    private static final Path MAIN = Path.of("src/main/java/io/streamadapt");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.streamadapt\\.([a-z0-9]+)",
            Pattern.MULTILINE);

    /** Shared types every stage may use: the contract, configuration, Kafka plumbing, the model and its versions. */
    private static final Set<String> SHARED = Set.of("config", "contract", "data", "kafka", "report", "adapt",
            "labelshift", "model");

    /** The stages in the order data flows through them. */
    private static final List<String> FLOW = List.of("ingest", "training", "serving", "metrics", "http");

    /** Wiring: the only packages that construct and connect everything. */
    private static final Set<String> WIRING = Set.of("service", "replay", "cli");

    @Test
    void everyPackageIsPlacedInTheFlow() {
        for (String pkg : imports().keySet()) {
            assertThat(SHARED.contains(pkg) || FLOW.contains(pkg) || WIRING.contains(pkg))
                    .as("package %s has a place in the flow", pkg).isTrue();
        }
    }

    @Test
    void noStageImportsAStageLaterInTheFlow() {
        imports().forEach((pkg, used) -> {
            int at = FLOW.indexOf(pkg);
            if (at < 0) {
                return;
            }
            for (String dep : used) {
                assertThat(FLOW.indexOf(dep)).as("%s imports %s", pkg, dep).isLessThanOrEqualTo(at);
                assertThat(WIRING).as("%s imports the wiring package %s", pkg, dep).doesNotContain(dep);
            }
        });
    }

    @Test
    void sharedTypesNeverReachIntoAStageOrTheWiring() {
        imports().forEach((pkg, used) -> {
            if (SHARED.contains(pkg)) {
                assertThat(used).as("imports of shared package %s", pkg).allMatch(SHARED::contains);
            }
        });
    }

    /** Top-level package name to the top-level packages its sources import (itself excluded). */
    private static Map<String, Set<String>> imports() {
        Map<String, Set<String>> byPackage = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                String pkg = MAIN.relativize(f).getName(0).toString();
                Set<String> used = byPackage.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher m = IMPORT.matcher(read(f));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        used.add(m.group(1));
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(byPackage).as("sources found under %s", MAIN).isNotEmpty();
        return byPackage;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

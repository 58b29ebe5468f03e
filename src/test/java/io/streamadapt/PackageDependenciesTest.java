package io.streamadapt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package tree tells the data flow: each stage may use the shared types at the bottom and the stages before it,
 * never one after it, and the shared types never reach up into a stage. The adaptation core, outside its DL4J adapter,
 * depends on the JDK alone.
 */
class PackageDependenciesTest {
    private static final Path MAIN = Path.of("src/main/java/io/streamadapt");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.streamadapt\\.([a-z0-9]+)",
            Pattern.MULTILINE);
    private static final Pattern ANY_IMPORT = Pattern.compile("^import (?:static )?([\\w.]+);", Pattern.MULTILINE);

    /** Shared types every stage may use: the contract, configuration, Kafka plumbing, the model and its versions. */
    private static final Set<String> SHARED = Set.of("config", "contract", "data", "kafka", "report", "adapt",
            "labelshift", "model");

    /** The stages in the order data flows through them. */
    private static final List<String> FLOW = List.of("ingest", "training", "serving", "metrics", "http");

    /** Wiring: the only packages that construct and connect everything. */
    private static final Set<String> WIRING = Set.of("service", "replay", "bench", "cli");

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

    @Test
    void theAdaptationCoreImportsOnlyTheJdkAndItsOwnTypes() {
        assertThat(coreViolations(MAIN.resolve("adapt"))).isEmpty();
    }

    @Test
    void theCoreRuleCatchesAnImportOfTheServiceALibraryOrTheDl4jAdapter(@TempDir Path root) throws IOException {
        Path core = Files.createDirectories(root.resolve("adapt"));
        Files.writeString(core.resolve("Fine.java"), """
                package io.streamadapt.adapt;

                import static java.lang.Math.max;
                import io.streamadapt.adapt.Classifier;
                import java.util.List;
                """);
        Files.writeString(core.resolve("Leaky.java"), """
                package io.streamadapt.adapt;

                import io.streamadapt.config.Config;
                import io.streamadapt.adapt.dl4j.Networks;
                import static io.streamadapt.data.Scenarios.load;
                import org.slf4j.Logger;
                """);
        Path adapter = Files.createDirectories(core.resolve("dl4j"));
        Files.writeString(adapter.resolve("Adapter.java"), "package io.streamadapt.adapt.dl4j;\n\nimport org.nd4j.linalg.factory.Nd4j;\n");

        assertThat(coreViolations(core)).containsExactly("Leaky.java imports io.streamadapt.config.Config",
                "Leaky.java imports io.streamadapt.adapt.dl4j.Networks", "Leaky.java imports io.streamadapt.data.Scenarios.load",
                "Leaky.java imports org.slf4j.Logger");
    }

    /**
     * Imports of the sources under {@code core} (its {@code dl4j} adapter aside) that are neither the JDK nor the core
     * itself: the adaptation core must run, and be tested, without the service, its libraries or DL4J.
     */
    private static List<String> coreViolations(Path core) {
        Path adapter = core.resolve("dl4j");
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(core)) {
            files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(adapter)).sorted().forEach(f -> {
                Matcher m = ANY_IMPORT.matcher(read(f));
                while (m.find()) {
                    String name = m.group(1);
                    boolean own = name.startsWith("io.streamadapt.adapt.") && !name.startsWith("io.streamadapt.adapt.dl4j.");
                    if (!name.startsWith("java.") && !own) {
                        out.add(core.relativize(f) + " imports " + name);
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
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

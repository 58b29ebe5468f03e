package io.streamadapt.cli;

import io.streamadapt.adapt.dl4j.NativeLibraries;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prepares the native libraries of an image; for image builds, hence hidden from the command list. */
@Command(name = "natives", hidden = true, mixinStandardHelpOptions = true,
        description = "Unpack ND4J's, OpenBLAS's and HDF5's native libraries into JavaCPP's cache (org.bytedeco.javacpp.cachedir) "
                + "and link them from one directory, for java.library.path with org.bytedeco.javacpp.pathsFirst=true.")
final class NativesCommand implements Callable<Integer> {
    @Option(names = "--library-dir", paramLabel = "DIR", description = "Directory to link every unpacked library from")
    Path libraryDir;

    @Override
    public Integer call() throws Exception {
        Path cache = NativeLibraries.loadAll();
        System.out.println("Native libraries unpacked in " + cache);
        if (libraryDir != null) {
            List<String> linked = NativeLibraries.link(cache, libraryDir);
            System.out.println(linked.size() + " libraries linked from " + libraryDir);
        }
        return 0;
    }
}

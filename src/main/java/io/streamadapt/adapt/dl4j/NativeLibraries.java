package io.streamadapt.adapt.dl4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bytedeco.hdf5.global.hdf5;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Prepares the native libraries for a container image: loads every library the service may need, so that JavaCPP
 * unpacks them into its cache (ND4J's backend with OpenBLAS for every model, HDF5 for a Keras source model), and links
 * them all from one directory.
 *
 * <p>Why the links: JavaCPP only uses a cache directory it can write to. In the image the cache belongs to root and the
 * service runs as another user (on Kubernetes with a read-only root file system too), so JavaCPP would unpack its 400 MB
 * again into the home directory at the first start. With the link directory on {@code java.library.path} and
 * {@code org.bytedeco.javacpp.pathsFirst=true} it loads the image's copies instead.
 */
public final class NativeLibraries {
    private static final Pattern SHARED_LIBRARY = Pattern.compile(".+\\.so(\\.\\d+)*");

    private NativeLibraries() {
    }

    /** Loads the libraries and returns JavaCPP's cache directory, where they now are. */
    public static Path loadAll() throws IOException {
        Nd4j.create(1);
        Loader.load(hdf5.class);
        return Loader.getCacheDir().toPath();
    }

    /**
     * Links every shared library under {@code cache} from {@code dir} by file name. Presets ship some runtime
     * libraries twice (OpenBLAS's and ND4J's {@code libgomp}, for example); the first one found is linked.
     *
     * @return the names linked
     */
    public static List<String> link(Path cache, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> libraries;
        try (Stream<Path> files = Files.walk(cache)) {
            libraries = files.filter(p -> SHARED_LIBRARY.matcher(p.getFileName().toString()).matches())
                    .filter(p -> !p.startsWith(dir)).sorted().toList();
        }
        List<String> linked = new ArrayList<>();
        for (Path library : libraries) {
            Path link = dir.resolve(library.getFileName().toString());
            if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Files.createSymbolicLink(link, library.toAbsolutePath());
            linked.add(link.getFileName().toString());
        }
        return linked;
    }
}

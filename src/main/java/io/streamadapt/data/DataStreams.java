package io.streamadapt.data;

import java.io.BufferedInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opening helpers shared by the readers, so that gzip handling and resource lookup agree. */
final class DataStreams {

    private static final int BUFFER_SIZE = 1 << 16;

    private DataStreams() {
    }

    /**
     * Opens a classpath resource, transparently decompressing it when gzipped.
     *
     * @param resource absolute resource name, for example {@code /datasets/mnist/x.gz}
     * @throws FileNotFoundException when the resource is not on the classpath
     */
    static InputStream openResource(String resource) throws IOException {
        InputStream raw = DataStreams.class.getResourceAsStream(resource);
        if (raw == null) {
            throw new FileNotFoundException("classpath resource not found: " + resource);
        }
        return decompressIfGzipped(raw);
    }

    /** Opens a file, transparently decompressing it when gzipped. */
    static InputStream openPath(Path path) throws IOException {
        return decompressIfGzipped(Files.newInputStream(path));
    }

    /**
     * Sniffs the gzip magic number instead of trusting the file name, so a decompressed copy
     * that kept its {@code .gz} suffix (or a compressed one without it) still reads.
     */
    static InputStream decompressIfGzipped(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, BUFFER_SIZE);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        if (first == 0x1f && second == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(buffered, BUFFER_SIZE), BUFFER_SIZE);
        }
        return buffered;
    }
}

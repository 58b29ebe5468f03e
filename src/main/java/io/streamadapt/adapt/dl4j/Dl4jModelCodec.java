package io.streamadapt.adapt.dl4j;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.ModelCodec;
import io.streamadapt.adapt.ModelMetadata;
import io.streamadapt.contract.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Saves a model as a zip of two entries: {@code metadata.json} (readable without DL4J) and {@code network.zip} (DL4J's
 * own format, without optimiser state: a fine-tune step starts a fresh optimiser, and the artifact stays small).
 */
public final class Dl4jModelCodec implements ModelCodec {
    private static final String META = "metadata.json";
    private static final String NET = "network.zip";

    @Override
    public byte[] save(Classifier model) {
        Dl4jClassifier m = (Dl4jClassifier) model;
        try {
            ByteArrayOutputStream net = new ByteArrayOutputStream();
            ModelSerializer.writeModel(m.graph(), net, false);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry(META));
                zip.write(Json.write(m.metadata()));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(NET));
                zip.write(net.toByteArray());
                zip.closeEntry();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serialise model", e);
        }
    }

    @Override
    public Classifier load(byte[] bytes) {
        byte[] meta = null;
        byte[] net = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (META.equals(e.getName())) {
                    meta = zip.readAllBytes();
                }
                else if (NET.equals(e.getName())) {
                    net = zip.readAllBytes();
                }
            }
            if (meta == null || net == null) {
                throw new IOException("not a StreamAdapt model (missing " + (meta == null ? META : NET) + ")");
            }
            ComputationGraph g = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(net), false);
            return new Dl4jClassifier(g, Json.read(meta, ModelMetadata.class));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load model: " + e.getMessage(), e);
        }
    }

    /** Versions of the libraries a model was built with, recorded in its provenance. */
    static Map<String, String> libraryVersions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("deeplearning4j", mavenVersion("org.deeplearning4j", "deeplearning4j-nn"));
        m.put("nd4j", mavenVersion("org.nd4j", "nd4j-api"));
        m.put("streamadapt", String.valueOf(Dl4jModelCodec.class.getPackage().getImplementationVersion()));
        m.put("java", System.getProperty("java.version"));
        return m;
    }

    /** The version a library's jar declares in its Maven metadata. */
    private static String mavenVersion(String group, String artifact) {
        String path = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = Dl4jModelCodec.class.getResourceAsStream(path)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}

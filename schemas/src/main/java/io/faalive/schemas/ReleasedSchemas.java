package io.faalive.schemas;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The schemas as released, read from the jar ({@code schemas/released/vN/*.avsc}).
 * Released versions are frozen: the compatibility test and the decoder use them.
 */
public final class ReleasedSchemas {

    private static final String ROOT = "io/faalive/schemas/released/";
    private static final String CURRENT = "io/faalive/schemas/current/";

    private ReleasedSchemas() {}

    /** Release names in order, e.g. [v1, v2]. */
    public static List<String> versions() {
        List<String> versions = new ArrayList<>();
        try (InputStream in = open(ROOT + "versions.txt");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    versions.add(line.trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return versions;
    }

    /** Every released version of the record with this simple name (oldest first); empty if never released. */
    public static Map<String, Schema> releasedVersionsOf(String recordName) {
        Map<String, Schema> byVersion = new LinkedHashMap<>();
        for (String version : versions()) {
            String path = ROOT + version + "/" + recordName + ".avsc";
            if (ReleasedSchemas.class.getClassLoader().getResource(path) != null) {
                byVersion.put(version, parse(path));
            }
        }
        return byVersion;
    }

    /** The current (unreleased) schema file of a record, as shipped next to the generated class. */
    public static Schema current(String recordName) {
        return parse(CURRENT + recordName + ".avsc");
    }

    private static Schema parse(String path) {
        try (InputStream in = open(path)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read schema " + path, e);
        }
    }

    private static InputStream open(String path) throws IOException {
        InputStream in = ReleasedSchemas.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IOException("Schema resource not found on the classpath: " + path);
        }
        return in;
    }
}

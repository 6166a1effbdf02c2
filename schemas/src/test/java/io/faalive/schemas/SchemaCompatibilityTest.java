package io.faalive.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The build fails when a schema change would break BACKWARD compatibility: every current
 * schema must read data written with every released version of itself.
 */
class SchemaCompatibilityTest {

    private static final Path CURRENT = Path.of("src/main/avro");

    @Test
    void everyCurrentSchemaReadsEveryReleasedVersion() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (String name : currentRecordNames()) {
            Schema current = ReleasedSchemas.current(name);
            for (Map.Entry<String, Schema> released : ReleasedSchemas.releasedVersionsOf(name).entrySet()) {
                checked++;
                for (String problem : SchemaEvolution.backwardIncompatibilities(current, released.getValue())) {
                    problems.add(name + " cannot read " + released.getKey() + ": " + problem);
                }
            }
        }
        assertThat(problems).as("BACKWARD-incompatible schema changes").isEmpty();
        assertThat(checked).as("released versions checked").isGreaterThanOrEqualTo(8);
    }

    @Test
    void everyReleasedRecordStillExists() throws IOException {
        List<String> current = currentRecordNames();
        for (String version : ReleasedSchemas.versions()) {
            try (Stream<Path> files = Files.list(Path.of("released", version))) {
                files.map(p -> p.getFileName().toString().replace(".avsc", ""))
                        .forEach(name -> assertThat(current).as("record released in " + version).contains(name));
            }
        }
    }

    @Test
    void aRequiredFieldWithoutDefaultIsRejected() {
        Schema released = ReleasedSchemas.releasedVersionsOf("MediaChunk").get("v1");
        Schema changed = withExtraField(released, "{\"name\": \"roomId\", \"type\": \"string\"}");
        assertThat(SchemaEvolution.backwardIncompatibilities(changed, released))
                .anySatisfy(p -> assertThat(p).contains("READER_FIELD_MISSING_DEFAULT").contains("roomId"));
    }

    @Test
    void aNarrowedTypeIsRejected() {
        Schema released = ReleasedSchemas.releasedVersionsOf("MediaChunk").get("v1");
        Schema changed = new Schema.Parser().parse(released.toString().replace(
                "{\"name\":\"seq\",\"type\":\"long\"", "{\"name\":\"seq\",\"type\":\"int\""));
        assertThat(changed.getField("seq").schema().getType()).isEqualTo(Schema.Type.INT);
        assertThat(SchemaEvolution.backwardIncompatibilities(changed, released)).isNotEmpty();
    }

    @Test
    void anOptionalFieldWithDefaultIsAccepted() {
        Schema released = ReleasedSchemas.releasedVersionsOf("MediaChunk").get("v1");
        Schema changed = withExtraField(released,
                "{\"name\": \"roomId\", \"type\": [\"null\", \"string\"], \"default\": null}");
        assertThat(SchemaEvolution.backwardIncompatibilities(changed, released)).isEmpty();
    }

    private static Schema withExtraField(Schema schema, String fieldJson) {
        String json = schema.toString();
        int end = json.lastIndexOf(']');
        return new Schema.Parser().parse(json.substring(0, end) + "," + fieldJson + json.substring(end));
    }

    private static List<String> currentRecordNames() throws IOException {
        try (Stream<Path> files = Files.list(CURRENT)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".avsc"))
                    .map(n -> n.substring(0, n.length() - 5))
                    .sorted()
                    .toList();
        }
    }
}

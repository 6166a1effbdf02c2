package io.faalive.job.associate;

import io.faalive.schemas.Enrollment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * A gallery as a file: one {@code Enrollment} per line in Avro's JSON encoding (what
 * {@code bin/faa enroll --out} writes, {@code bin/faa analyze --gallery} and the job's
 * {@code faa.identity.gallery} read). A later line for the same person replaces an earlier one;
 * a line with {@code deleted: true} removes them.
 */
public final class GalleryFile {

    private GalleryFile() {}

    /** The people of the file by id, in file order; a missing file is an empty gallery. */
    public static Map<String, Enrollment> read(Path file) throws IOException {
        Map<String, Enrollment> people = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return people;
        }
        SpecificDatumReader<Enrollment> reader = new SpecificDatumReader<>(Enrollment.class);
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            Enrollment e;
            try {
                e = reader.read(null, DecoderFactory.get().jsonDecoder(Enrollment.getClassSchema(), line));
            } catch (IOException | RuntimeException ex) {
                throw new IOException(file + ":" + lineNo + ": not an Enrollment record (" + ex.getMessage() + ")");
            }
            if (e.getDeleted()) {
                people.remove(e.getPersonId().toString());
            } else {
                people.put(e.getPersonId().toString(), e);
            }
        }
        return people;
    }

    /** Writes the people, one line each, replacing the file. */
    public static void write(Path file, List<Enrollment> people) throws IOException {
        List<String> lines = new ArrayList<>();
        SpecificDatumWriter<Enrollment> writer = new SpecificDatumWriter<>(Enrollment.class);
        for (Enrollment e : people) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Encoder encoder = EncoderFactory.get().jsonEncoder(Enrollment.getClassSchema(), bytes);
            writer.write(e, encoder);
            encoder.flush();
            lines.add(bytes.toString(StandardCharsets.UTF_8));
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}

package io.faalive.schemas;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/** Avro compatibility rules the project holds itself to. */
public final class SchemaEvolution {

    private SchemaEvolution() {}

    /**
     * Why {@code current} cannot read data written with {@code released} (BACKWARD
     * compatibility); empty when it can.
     */
    public static List<String> backwardIncompatibilities(Schema current, Schema released) {
        return SchemaCompatibility.checkReaderWriterCompatibility(current, released)
                .getResult()
                .getIncompatibilities()
                .stream()
                .map(SchemaEvolution::describe)
                .toList();
    }

    private static String describe(Incompatibility incompatibility) {
        return incompatibility.getType() + " at " + incompatibility.getLocation() + ": "
                + incompatibility.getMessage();
    }
}

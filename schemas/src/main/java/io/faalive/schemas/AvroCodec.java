package io.faalive.schemas;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding (header {@code C3 01} + 8-byte schema fingerprint + body)
 * for one generated record class. No schema registry is needed: the decoder knows the
 * current schema and every released version, and resolves older writers to the
 * current reader. Thread-safe once built; serialisable so Flink functions can hold it.
 */
public final class AvroCodec<T extends SpecificRecord> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private transient BinaryMessageEncoder<T> encoder;
    private transient BinaryMessageDecoder<T> decoder;

    private AvroCodec(Class<T> type) {
        this.type = type;
    }

    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
        AvroCodec<T> codec = new AvroCodec<>(type);
        codec.init();
        return codec;
    }

    public Class<T> type() {
        return type;
    }

    public Schema schema() {
        return SpecificData.get().getSchema(type);
    }

    /** CRC-64-AVRO fingerprint of the current schema, as written in every message header. */
    public long fingerprint() {
        return SchemaNormalization.parsingFingerprint64(schema());
    }

    public byte[] encode(T record) {
        try {
            return encoder().encode(record).array();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode " + type.getSimpleName(), e);
        }
    }

    public T decode(byte[] bytes) throws RecordDecodeException {
        String name = type.getSimpleName();
        if (bytes == null || bytes.length == 0) {
            throw new RecordDecodeException(
                    RecordDecodeException.Kind.MALFORMED_RECORD, "empty value where a " + name + " was expected", null);
        }
        try {
            return decoder().decode(bytes);
        } catch (MissingSchemaException e) {
            throw new RecordDecodeException(RecordDecodeException.Kind.UNKNOWN_SCHEMA,
                    "schema fingerprint " + fingerprintOf(bytes) + " is not " + name
                            + " (current fingerprint " + String.format("%016x", fingerprint())
                            + ") nor any released version of it",
                    e);
        } catch (BadHeaderException e) {
            throw new RecordDecodeException(RecordDecodeException.Kind.MALFORMED_RECORD,
                    "not an Avro single-object encoded " + name + " (" + bytes.length + " bytes, header "
                            + hexPrefix(bytes) + ", expected c3 01 + fingerprint)",
                    e);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new RecordDecodeException(RecordDecodeException.Kind.MALFORMED_RECORD,
                    "corrupt " + name + " body (" + bytes.length + " bytes): " + e, e);
        }
    }

    private BinaryMessageEncoder<T> encoder() {
        return encoder;
    }

    private BinaryMessageDecoder<T> decoder() {
        return decoder;
    }

    private void init() {
        SpecificData model = SpecificData.getForClass(type);
        Schema current = model.getSchema(type);
        encoder = new BinaryMessageEncoder<>(model, current);
        decoder = new BinaryMessageDecoder<>(model, current);
        for (Schema released : ReleasedSchemas.releasedVersionsOf(type.getSimpleName()).values()) {
            decoder.addSchema(released);
        }
    }

    private void readObject(java.io.ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        init();
    }

    private static String fingerprintOf(byte[] bytes) {
        if (bytes.length < 10) {
            return "(short header)";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 9; i >= 2; i--) {
            sb.append(String.format("%02x", bytes[i]));
        }
        return sb.toString();
    }

    private static String hexPrefix(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(4, bytes.length); i++) {
            sb.append(String.format("%02x", bytes[i]));
        }
        return sb.toString();
    }
}

package io.faalive.schemas;

/** A byte array that could not be decoded into the expected record, with why. */
public final class RecordDecodeException extends Exception {

    /** Stable categories; they become {@code DeadLetter.errorClass}. */
    public enum Kind {
        /** Empty, not Avro single-object encoded, or a body that does not parse. */
        MALFORMED_RECORD,
        /** A well-formed header whose schema fingerprint no known version has. */
        UNKNOWN_SCHEMA
    }

    private final Kind kind;

    public RecordDecodeException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

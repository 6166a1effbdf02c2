package io.faalive.job.decode;

/** A chunk whose media could not be decoded, or not completely. */
public final class MediaDecodeException extends Exception {

    /** Stable categories; they become {@code DeadLetter.errorClass}. */
    public enum Kind {
        /** FFmpeg cannot open or read the payload, or it holds no audio nor video. */
        UNDECODABLE_MEDIA,
        /** The payload decodes, but to much less media than the chunk declares. */
        TRUNCATED_MEDIA
    }

    private final Kind kind;

    public MediaDecodeException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

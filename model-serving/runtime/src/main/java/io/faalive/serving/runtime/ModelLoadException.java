package io.faalive.serving.runtime;

/** A model file that is missing, corrupt or unusable. The message names the path and what was expected. */
public class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.faalive.lab.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model command's body, run on its parsed arguments. {@link #exitCode} turns the failures
 * a user causes into one line on standard error and an exit code, without a stack trace:
 * 2 for a command line it cannot run (with the usage), 1 for input it cannot use (a missing
 * or corrupt dataset or model, a model built for other dimensions, a malformed config file).
 * Anything else is a bug and keeps its stack trace. {@code --help} prints the usage.
 */
@FunctionalInterface
interface Command {

    void run(Args args) throws Exception;

    /** Runs the command; 0 when it completed. */
    static int exitCode(String[] argv, String usage, Command command) throws Exception {
        if (java.util.Arrays.asList(argv).contains("--help")) {
            System.out.println(usage);
            return 0;
        }
        try {
            command.run(new Args(argv, usage));
            return 0;
        } catch (java.nio.file.NoSuchFileException e) {
            System.err.println("error: no such file or folder: " + e.getFile());
            return 1;
        } catch (Args.UsageException e) {
            System.err.println("error: " + e.getMessage() + "\n\n" + usage);
            return 2;
        } catch (IOException | UncheckedIOException | JsonParseException | IllegalArgumentException e) {
            System.err.println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return 1;
        }
    }

    /** Writes a command's result as pretty-printed JSON (nulls kept), creating its folder. */
    static void writeJson(Path file, Object value) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(value));
    }

    /** A command's {@code main}: exits with the code of a failure, returns normally otherwise. */
    static void main(String[] argv, String usage, Command command) throws Exception {
        int code = exitCode(argv, usage, command);
        if (code != 0) {
            System.exit(code);
        }
    }
}

package io.faalive.serving.speaker;

import io.faalive.serving.runtime.ModelLoadException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Kaldi's binary object format ({@code \0B} header): tokens such as {@code <Dim>}
 * followed by one space, basic types as a size byte and a little-endian value ({@code 4}:
 * int32 or float, {@code 8}: double), booleans as {@code T}/{@code F}, float matrices as
 * {@code FM } rows cols data and float vectors as {@code FV } dim data. Also reads Kaldi's text
 * vectors ({@code [ 1.0 2.0 ]}). Every failure names the file, the byte offset and what was
 * expected there.
 */
final class KaldiInput {

    private final Path file;
    private final ByteBuffer buffer;

    private KaldiInput(Path file, byte[] bytes) {
        this.file = file;
        this.buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Opens a binary Kaldi file, checking its {@code \0B} header. */
    static KaldiInput openBinary(Path file) {
        KaldiInput in = new KaldiInput(file, readAll(file));
        if (in.buffer.remaining() < 2 || in.buffer.get() != 0 || in.buffer.get() != 'B') {
            throw in.error(0, "the binary header \\0B (a Kaldi binary file)");
        }
        return in;
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    /** Reads the next whitespace-delimited token. */
    String token() {
        skipWhitespace();
        int start = buffer.position();
        while (buffer.hasRemaining() && !isSpace(buffer.get(buffer.position()))) {
            buffer.get();
        }
        if (buffer.position() == start) {
            throw error(start, "a token, found the end of the file");
        }
        String token = new String(buffer.array(), start, buffer.position() - start, StandardCharsets.US_ASCII);
        if (buffer.hasRemaining()) {
            buffer.get(); // the single space after a token
        }
        return token;
    }

    /** Reads a token and fails unless it is {@code expected}. */
    void expect(String expected) {
        int at = buffer.position();
        String found = token();
        if (!found.equals(expected)) {
            throw error(at, expected + ", found " + found);
        }
    }

    /** The next token without consuming it. */
    String peekToken() {
        int at = buffer.position();
        String t = token();
        buffer.position(at);
        return t;
    }

    /** Reads one line of text (the config section of an nnet3 file), without its newline. */
    String line() {
        int start = buffer.position();
        while (buffer.hasRemaining() && buffer.get(buffer.position()) != '\n') {
            buffer.get();
        }
        String line = new String(buffer.array(), start, buffer.position() - start, StandardCharsets.US_ASCII);
        if (buffer.hasRemaining()) {
            buffer.get();
        }
        return line;
    }

    int readInt() {
        int at = buffer.position();
        if (!buffer.hasRemaining() || buffer.get() != 4 || buffer.remaining() < 4) {
            throw error(at, "a 4-byte integer");
        }
        return buffer.getInt();
    }

    float readFloat() {
        int at = buffer.position();
        if (!buffer.hasRemaining() || buffer.get() != 4 || buffer.remaining() < 4) {
            throw error(at, "a 4-byte float");
        }
        return buffer.getFloat();
    }

    /** Kaldi writes some counts as doubles (size byte 8); floats are accepted too. */
    double readDouble() {
        int at = buffer.position();
        byte size = buffer.hasRemaining() ? buffer.get() : 0;
        if (size == 8 && buffer.remaining() >= 8) {
            return buffer.getDouble();
        }
        if (size == 4 && buffer.remaining() >= 4) {
            return buffer.getFloat();
        }
        throw error(at, "an 8-byte double");
    }

    boolean readBool() {
        skipWhitespace();
        int at = buffer.position();
        byte b = buffer.hasRemaining() ? buffer.get() : 0;
        if (b == 'T') {
            return true;
        }
        if (b == 'F') {
            return false;
        }
        throw error(at, "a boolean (T or F)");
    }

    /** A float matrix ({@code FM}), row-major. */
    float[][] readMatrix() {
        int at = buffer.position();
        String kind = token();
        if (!kind.equals("FM")) {
            throw error(at, "a float matrix (FM), found " + kind);
        }
        int rows = readInt();
        int cols = readInt();
        if (rows < 0 || cols < 0 || (long) rows * cols * 4 > buffer.remaining()) {
            throw error(at, "a float matrix that fits in the file, found " + rows + " x " + cols);
        }
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            buffer.asFloatBuffer().get(row);
            buffer.position(buffer.position() + 4 * cols);
        }
        return m;
    }

    /** A float vector ({@code FV}). */
    float[] readVector() {
        int at = buffer.position();
        String kind = token();
        if (!kind.equals("FV")) {
            throw error(at, "a float vector (FV), found " + kind);
        }
        int dim = readInt();
        if (dim < 0 || (long) dim * 4 > buffer.remaining()) {
            throw error(at, "a float vector that fits in the file, found dimension " + dim);
        }
        float[] v = new float[dim];
        buffer.asFloatBuffer().get(v);
        buffer.position(buffer.position() + 4 * dim);
        return v;
    }

    boolean atEnd() {
        skipWhitespace();
        return !buffer.hasRemaining();
    }

    ModelLoadException error(int offset, String expected) {
        return new ModelLoadException(file.toAbsolutePath() + ": at byte " + offset + " expected " + expected);
    }

    /** Reads a Kaldi text vector, {@code [ v1 v2 ... ]}. */
    static float[] readTextVector(Path file) {
        String text = new String(readAll(file), StandardCharsets.US_ASCII).trim();
        if (!text.startsWith("[") || !text.endsWith("]")) {
            throw new ModelLoadException(file.toAbsolutePath() + ": expected a Kaldi text vector [ v1 v2 ... ]");
        }
        List<Float> values = new ArrayList<>();
        for (String part : text.substring(1, text.length() - 1).trim().split("\\s+")) {
            try {
                values.add(Float.parseFloat(part));
            } catch (NumberFormatException e) {
                throw new ModelLoadException(file.toAbsolutePath() + ": expected a number in the vector, found '" + part + "'");
            }
        }
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        return v;
    }

    private void skipWhitespace() {
        while (buffer.hasRemaining() && isSpace(buffer.get(buffer.position()))) {
            buffer.get();
        }
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\t' || b == '\r';
    }
}

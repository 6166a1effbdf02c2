package io.faalive.lab.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a NumPy .npy file holding one float32 or float64 vector (or a 1 x D matrix). */
public final class NpyReader {

    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|])(f[48])'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private NpyReader() {}

    public static float[] readVector(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        if (b.remaining() < 10 || b.get() != (byte) 0x93 || b.get() != 'N' || b.get() != 'U' || b.get() != 'M'
                || b.get() != 'P' || b.get() != 'Y') {
            throw new IOException(file + " is not a .npy file");
        }
        int major = b.get();
        b.get();
        b.order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
        byte[] headerBytes = new byte[headerLength];
        b.get(headerBytes);
        String header = new String(headerBytes, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !s.find() || header.contains("'fortran_order': True")) {
            throw new IOException(file + ": only C-order float32/float64 arrays are supported, header " + header.trim());
        }
        long count = 1;
        for (String dim : s.group(1).split(",")) {
            if (!dim.isBlank()) {
                count *= Long.parseLong(dim.trim());
            }
        }
        b.order(d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[(int) count];
        for (int i = 0; i < out.length; i++) {
            out[i] = d.group(2).equals("f4") ? b.getFloat() : (float) b.getDouble();
        }
        return out;
    }
}

package io.faalive.serving.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a tiny ONNX speaker-embedding network in the ECAPA contract, by hand in protobuf
 * wire format (so tests need no Python): {@code fbank [N,T,80] -> ReduceMax over T -> MatMul W
 * [80,D] -> embedding [N,D]}.
 */
public final class OnnxWriter {

    private OnnxWriter() {}

    public static void maxProjection(Path file, float[][] w) throws IOException {
        int in = w.length;
        int out = w[0].length;
        ByteBuffer raw = ByteBuffer.allocate(4 * in * out).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : w) {
            for (float v : row) {
                raw.putFloat(v);
            }
        }
        byte[] weights = msg(m -> {
            varint(m, 1, in);
            varint(m, 1, out);
            varint(m, 2, 1); // FLOAT
            string(m, 8, "W");
            bytes(m, 9, raw.array());
        });
        byte[] reduce = msg(m -> {
            string(m, 1, "fbank");
            string(m, 2, "pooled");
            string(m, 3, "pool");
            string(m, 4, "ReduceMax");
            bytes(m, 5, msg(a -> {
                string(a, 1, "axes");
                varint(a, 20, 7); // INTS
                varint(a, 8, 1);
            }));
            bytes(m, 5, msg(a -> {
                string(a, 1, "keepdims");
                varint(a, 20, 2); // INT
                varint(a, 3, 0);
            }));
        });
        byte[] matmul = msg(m -> {
            string(m, 1, "pooled");
            string(m, 1, "W");
            string(m, 2, "embedding");
            string(m, 3, "project");
            string(m, 4, "MatMul");
        });
        byte[] graph = msg(g -> {
            bytes(g, 1, reduce);
            bytes(g, 1, matmul);
            string(g, 2, "ecapa_contract_test");
            bytes(g, 5, weights);
            bytes(g, 11, valueInfo("fbank", new Object[] {"N", "T", (long) in}));
            bytes(g, 12, valueInfo("embedding", new Object[] {"N", (long) out}));
        });
        byte[] model = msg(m -> {
            varint(m, 1, 8); // ir_version
            string(m, 2, "faa-live tests");
            bytes(m, 7, graph);
            bytes(m, 8, msg(o -> {
                string(o, 1, "");
                varint(o, 2, 13);
            }));
        });
        Files.write(file, model);
    }

    private static byte[] valueInfo(String name, Object[] dims) {
        byte[] shape = msg(s -> {
            for (Object d : dims) {
                bytes(s, 1, msg(dim -> {
                    if (d instanceof Long v) {
                        varint(dim, 1, v);
                    } else {
                        string(dim, 2, (String) d);
                    }
                }));
            }
        });
        return msg(v -> {
            string(v, 1, name);
            bytes(v, 2, msg(t -> bytes(t, 1, msg(tt -> {
                varint(tt, 1, 1); // FLOAT
                bytes(tt, 2, shape);
            }))));
        });
    }

    private interface Body {
        void write(ByteArrayOutputStream out);
    }

    private static byte[] msg(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.write(out);
        return out.toByteArray();
    }

    private static void rawVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static void varint(ByteArrayOutputStream out, int field, long v) {
        rawVarint(out, (long) field << 3);
        rawVarint(out, v);
    }

    private static void bytes(ByteArrayOutputStream out, int field, byte[] b) {
        rawVarint(out, ((long) field << 3) | 2);
        rawVarint(out, b.length);
        out.writeBytes(b);
    }

    private static void string(ByteArrayOutputStream out, int field, String s) {
        bytes(out, field, s.getBytes(StandardCharsets.UTF_8));
    }
}

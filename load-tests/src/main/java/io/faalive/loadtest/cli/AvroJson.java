package io.faalive.loadtest.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Any Avro record as one line of JSON: unions unwrapped, NaN and infinities as null (JSON has
 * none), bytes as their size ({@code {"bytes": 31643}}: a chunk's payload is no use on a console).
 */
final class AvroJson {

    private static final Gson GSON = new GsonBuilder().serializeNulls().create();

    private AvroJson() {}

    static String of(IndexedRecord record) {
        return GSON.toJson(value(record));
    }

    private static JsonElement value(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof IndexedRecord r) {
            JsonObject o = new JsonObject();
            for (Schema.Field f : r.getSchema().getFields()) {
                o.add(f.name(), value(r.get(f.pos())));
            }
            return o;
        }
        if (v instanceof ByteBuffer b) {
            JsonObject o = new JsonObject();
            o.addProperty("bytes", b.remaining());
            return o;
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return Double.isNaN(d) || Double.isInfinite(d) ? JsonNull.INSTANCE : new JsonPrimitive(n);
        }
        if (v instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (v instanceof Collection<?> c) {
            JsonArray a = new JsonArray();
            c.forEach(x -> a.add(value(x)));
            return a;
        }
        if (v instanceof Map<?, ?> m) {
            JsonObject o = new JsonObject();
            m.forEach((k, x) -> o.add(String.valueOf(k), value(x)));
            return o;
        }
        return new JsonPrimitive(v.toString()); // strings, enum symbols, fixed
    }
}

package io.faalive.serving.inference;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One instance per key (model, configuration, device) per class loader, shared by every
 * subtask of a TaskManager and reference-counted: the first {@link #acquire} creates it, the
 * last {@link Lease#close} closes it. A restarted job gets a fresh class loader and so fresh
 * instances; the native libraries behind them stay loaded once in the parent class loader.
 */
public final class SharedModels {

    private static final Map<String, Entry> ENTRIES = new HashMap<>();

    private SharedModels() {}

    private static final class Entry {
        final AutoCloseable value;
        int references;

        Entry(AutoCloseable value) {
            this.value = value;
        }
    }

    /** A reference to a shared instance; closing it releases the reference. */
    public static final class Lease<T extends AutoCloseable> implements AutoCloseable {
        private final String key;
        private final T value;
        private boolean released;

        private Lease(String key, T value) {
            this.key = key;
            this.value = value;
        }

        public T get() {
            return value;
        }

        @Override
        public void close() {
            synchronized (ENTRIES) {
                if (released) {
                    return;
                }
                released = true;
                Entry e = ENTRIES.get(key);
                if (e != null && --e.references == 0) {
                    ENTRIES.remove(key);
                    try {
                        e.value.close();
                    } catch (Exception ex) {
                        throw new IllegalStateException("closing shared " + key + " failed: " + ex.getMessage(), ex);
                    }
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    public static <T extends AutoCloseable> Lease<T> acquire(String key, Supplier<T> create) {
        synchronized (ENTRIES) {
            Entry e = ENTRIES.get(key);
            if (e == null) {
                e = new Entry(create.get());
                ENTRIES.put(key, e);
            }
            e.references++;
            return new Lease<>(key, (T) e.value);
        }
    }

    /** How many instances are alive (for tests and diagnostics). */
    public static int alive() {
        synchronized (ENTRIES) {
            return ENTRIES.size();
        }
    }
}

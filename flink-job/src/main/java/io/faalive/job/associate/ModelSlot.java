package io.faalive.job.associate;

import io.faalive.serving.faa.FaaMatcher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FAA model one Associate instance scores with, and the one it is switching to. A request is
 * loaded and checked on a background thread ({@link FaaMatcher#load}); the task thread switches
 * between two windows once it is ready, so no window waits for a load and none is scored by a
 * half-loaded model. Requests are loaded one after another in the order they came, so each one's
 * outcome is known; a refused request leaves the current model in place.
 */
final class ModelSlot implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelSlot.class);

    /**
     * The outcome of a request: the request and why it was refused (null when switched to);
     * {@code replayed} for a request loaded again after a restore (its refusal was reported before).
     */
    record Outcome(ModelRequest request, String refusal, boolean replayed) {}

    private final int faceDim;
    private final int voiceDim;
    private final String faceEncoderId;
    private final String voiceEncoderId;
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "faa-model-loader");
        t.setDaemon(true);
        return t;
    });
    private FaaMatcher current;
    private String currentRequest;
    private ModelRequest pendingRequest;
    private CompletableFuture<FaaMatcher> pending;
    private final java.util.ArrayDeque<ModelRequest> waiting = new java.util.ArrayDeque<>();
    private ModelRequest replayed;

    ModelSlot(int faceDim, int voiceDim, String faceEncoderId, String voiceEncoderId) {
        this.faceDim = faceDim;
        this.voiceDim = voiceDim;
        this.faceEncoderId = faceEncoderId;
        this.voiceEncoderId = voiceEncoderId;
    }

    /** Loads a model now, on the calling thread (start-up and restore). */
    void loadNow(Path dir, String sha256, String version) throws IOException {
        switchTo(FaaMatcher.load(dir, sha256, version, faceDim, voiceDim, faceEncoderId, voiceEncoderId), dir + "@" + sha256);
    }

    /** Loads again, after a restore, the request the job last received (its refusal, if any, is not reported twice). */
    void replay(ModelRequest r) {
        replayed = r;
        request(r);
    }

    /** Queues a requested model; it is loaded in the background once the requests before it are done. */
    void request(ModelRequest r) {
        String key = r.path() + "@" + r.sha256();
        if (pending == null && waiting.isEmpty() && key.equals(currentRequest) && current != null && current.version().equals(r.version())) {
            return; // already in use (a restore replaying the request it was running)
        }
        waiting.add(r);
        startNext();
    }

    private void startNext() {
        if (pending != null || waiting.isEmpty()) {
            return;
        }
        ModelRequest r = waiting.poll();
        pendingRequest = r;
        pending = CompletableFuture.supplyAsync(() -> {
            try {
                return FaaMatcher.load(Path.of(r.path()), r.sha256(), r.version(), faceDim, voiceDim, faceEncoderId, voiceEncoderId);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, loader);
    }

    /** Whether no request is loading or waiting. */
    boolean idle() {
        return pending == null && waiting.isEmpty();
    }

    /** Switches to a loaded request, or reports its refusal; null while nothing has finished loading. */
    Outcome poll() {
        if (pending == null || !pending.isDone()) {
            return null;
        }
        ModelRequest r = pendingRequest;
        CompletableFuture<FaaMatcher> done = pending;
        pending = null;
        pendingRequest = null;
        startNext();
        try {
            switchTo(done.join(), r.path() + "@" + r.sha256());
            LOG.info("FAA model {} from {} in use", r.version(), r.path());
            return new Outcome(r, null, r == replayed);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String reason = cause.getCause() != null && cause instanceof java.io.UncheckedIOException ? cause.getCause().getMessage()
                    : cause.getMessage();
            LOG.warn("FAA model update {} refused, keeping {}: {}", r.version(), version(), reason);
            return new Outcome(r, reason, r == replayed);
        }
    }

    /** The model scoring now, or null. */
    FaaMatcher current() {
        return current;
    }

    /** The current model's version, or null without one. */
    String version() {
        return current == null ? null : current.version();
    }

    private void switchTo(FaaMatcher next, String request) {
        FaaMatcher old = current;
        current = next;
        currentRequest = request;
        if (old != null) {
            old.close();
        }
    }

    @Override
    public void close() {
        loader.shutdownNow();
        if (current != null) {
            current.close();
        }
    }
}

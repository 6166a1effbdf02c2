package io.faalive.loadtest.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the time goes in a running job, from Flink's REST API: per operator chain (job vertex),
 * the share of time its subtasks were busy and back-pressured (average over subtasks, per mille
 * of each second as Flink reports it, here as a share 0-1).
 */
final class OperatorLoad {

    /** One vertex: busy and back-pressured shares of time, averaged over its subtasks, and the busiest subtask's. */
    record Load(double busy, double busyMax, double backPressured) {}

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String jobId;

    OperatorLoad(int restPort, String jobId) {
        this.base = "http://localhost:" + restPort;
        this.jobId = jobId;
    }

    /** Each vertex's load now, by name; empty when the REST API does not answer. */
    Map<String, Load> sample() {
        Map<String, Load> out = new LinkedHashMap<>();
        try {
            JsonObject job = get("/jobs/" + jobId).getAsJsonObject();
            for (JsonElement v : job.getAsJsonArray("vertices")) {
                JsonObject vertex = v.getAsJsonObject();
                JsonArray metrics = get("/jobs/" + jobId + "/vertices/" + vertex.get("id").getAsString()
                        + "/subtasks/metrics?get=busyTimeMsPerSecond,backPressuredTimeMsPerSecond&agg=avg,max").getAsJsonArray();
                double busy = Double.NaN;
                double busyMax = Double.NaN;
                double back = Double.NaN;
                for (JsonElement m : metrics) {
                    JsonObject o = m.getAsJsonObject();
                    if (o.get("id").getAsString().equals("busyTimeMsPerSecond")) {
                        busy = value(o, "avg");
                        busyMax = value(o, "max");
                    } else {
                        back = value(o, "avg");
                    }
                }
                out.put(vertex.get("name").getAsString(), new Load(busy / 1000, busyMax / 1000, back / 1000));
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // the figures are an extra: a job without its REST API still has its latencies
        }
        return out;
    }

    private static double value(JsonObject o, String field) {
        JsonElement v = o.get(field);
        return v == null || v.isJsonNull() ? Double.NaN : v.getAsDouble();
    }

    private JsonElement get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + ": HTTP " + r.statusCode());
        }
        return JsonParser.parseString(r.body());
    }
}

package io.faalive.serving.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Who-speaks-when ground truth in RTTM. */
public record Rttm(List<Turn> turns) {

    public record Turn(String speaker, double start, double end) {}

    public static Rttm read(Path file) throws IOException {
        List<Turn> turns = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && f[0].equals("SPEAKER")) {
                double start = Double.parseDouble(f[3]);
                turns.add(new Turn(f[7], start, start + Double.parseDouble(f[4])));
            }
        }
        return new Rttm(turns);
    }

    public boolean speechAt(double t) {
        return turns.stream().anyMatch(x -> t >= x.start && t < x.end);
    }

    /** The speaker covering most of [s, e), if it covers at least {@code minShare} of it and no one else speaks; else null. */
    public String dominant(double s, double e, double minShare) {
        String best = null;
        double bestCover = 0;
        int speakers = 0;
        for (String spk : turns.stream().map(Turn::speaker).distinct().toList()) {
            double cover = turns.stream().filter(x -> x.speaker.equals(spk))
                    .mapToDouble(x -> Math.max(0, Math.min(e, x.end) - Math.max(s, x.start))).sum();
            if (cover > 0) {
                speakers++;
            }
            if (cover > bestCover) {
                bestCover = cover;
                best = spk;
            }
        }
        return speakers == 1 && bestCover >= minShare * (e - s) ? best : null;
    }
}

package io.faalive.lab.eval;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Every trial's score from one evaluation: the material its metrics are computed from, so
 * that each figure can be recomputed outside this code and two scorers compared trial by
 * trial on the same trials ({@code bin/faa compare}). Rows are grouped by task
 * ({@code verification_u}, {@code matching_vf_g}, {@code matching_vf_1to5},
 * {@code retrieval_fv}, ...); a task's trials are numbered from 0 and one trial's rows (a
 * matching trial's candidates, the match first; a retrieval query's gallery) are contiguous.
 * Faces and voices are row numbers of the evaluated split. On disk it is CSV with the header
 * {@code task,trial,face,voice,match,score} (gzip when the name ends in {@code .gz}); scores
 * are written with {@link Double#toString} so they read back exactly.
 */
public final class TrialScores {

    static final String HEADER = "task,trial,face,voice,match,score";

    /** What a task measures: which metric its rows feed. */
    public enum Kind {
        /** one row a trial; AUC and EER over all rows */
        VERIFICATION,
        /** a trial's rows are its candidates, the match first; accuracy */
        MATCHING,
        /** a trial's rows are a query's whole gallery; mean average precision */
        RETRIEVAL;

        static Kind of(String task) {
            for (Kind k : values()) {
                if (task.startsWith(k.name().toLowerCase(java.util.Locale.ROOT) + "_")) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown task '" + task
                    + "': expected verification_*, matching_* or retrieval_*");
        }
    }

    /** One task's rows in trial order. */
    public record Task(String name, int[] trial, int[] face, int[] voice, boolean[] match, double[] score) {

        public Kind kind() {
            return Kind.of(name);
        }

        public int rows() {
            return trial.length;
        }

        /** The task's name after its kind: {@code u}, {@code vf_g}, {@code vf_1to5}, {@code fv}, ... */
        public String suffix() {
            return name.substring(name.indexOf('_') + 1);
        }

        /**
         * The figure a matching or retrieval task averages over its trials: the suffix for
         * matching accuracy ({@code vf_u}), {@code map_} and the suffix for retrieval.
         */
        public String averagedFigure() {
            return kind() == Kind.RETRIEVAL ? "map_" + suffix() : suffix();
        }

        /** Where each trial's rows start, and one past the last row at the end. */
        public int[] trialStarts() {
            List<Integer> starts = new ArrayList<>();
            for (int r = 0; r < trial.length; r++) {
                if (r == 0 || trial[r] != trial[r - 1]) {
                    starts.add(r);
                }
            }
            starts.add(trial.length);
            return starts.stream().mapToInt(Integer::intValue).toArray();
        }

        /** True when both tasks hold the same trials (names, rows, faces, voices, labels). */
        boolean sameTrials(Task other) {
            return name.equals(other.name) && Arrays.equals(trial, other.trial) && Arrays.equals(face, other.face)
                    && Arrays.equals(voice, other.voice) && Arrays.equals(match, other.match);
        }
    }

    private final Map<String, List<Task>> parts = new LinkedHashMap<>();

    /** Appends rows to a task (created on first use, tasks kept in the order they appear). */
    public void add(String task, int[] trial, int[] face, int[] voice, boolean[] match, double[] score) {
        Kind.of(task);
        int n = trial.length;
        if (face.length != n || voice.length != n || match.length != n || score.length != n) {
            throw new IllegalArgumentException("rows of unequal length for task " + task);
        }
        parts.computeIfAbsent(task, k -> new ArrayList<>()).add(new Task(task, trial, face, voice, match, score));
    }

    /** The tasks in the order they were added, each as one block of rows. */
    public List<Task> tasks() {
        List<Task> out = new ArrayList<>();
        for (Map.Entry<String, List<Task>> e : parts.entrySet()) {
            List<Task> blocks = e.getValue();
            if (blocks.size() > 1) {
                Task joined = concat(e.getKey(), blocks);
                blocks.clear();
                blocks.add(joined);
            }
            out.add(blocks.get(0));
        }
        return out;
    }

    private static Task concat(String name, List<Task> blocks) {
        int n = blocks.stream().mapToInt(Task::rows).sum();
        Task out = new Task(name, new int[n], new int[n], new int[n], new boolean[n], new double[n]);
        int at = 0;
        for (Task b : blocks) {
            System.arraycopy(b.trial, 0, out.trial, at, b.rows());
            System.arraycopy(b.face, 0, out.face, at, b.rows());
            System.arraycopy(b.voice, 0, out.voice, at, b.rows());
            System.arraycopy(b.match, 0, out.match, at, b.rows());
            System.arraycopy(b.score, 0, out.score, at, b.rows());
            at += b.rows();
        }
        return out;
    }

    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream out = gzipped(file) ? new GZIPOutputStream(raw, 1 << 16) : raw;
                BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
            w.write(HEADER);
            w.write('\n');
            StringBuilder line = new StringBuilder(64);
            for (Task t : tasks()) {
                for (int r = 0; r < t.rows(); r++) {
                    line.setLength(0);
                    line.append(t.name).append(',').append(t.trial[r]).append(',').append(t.face[r]).append(',')
                            .append(t.voice[r]).append(',').append(t.match[r] ? 1 : 0).append(',')
                            .append(t.score[r]).append('\n');
                    w.append(line);
                }
            }
        }
    }

    /** Reads a file {@link #write} wrote; a malformed line fails with its number. */
    public static TrialScores read(Path file) throws IOException {
        Map<String, Columns> columns = new LinkedHashMap<>();
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = gzipped(file) ? new GZIPInputStream(raw, 1 << 16) : raw;
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            String header = r.readLine();
            if (!HEADER.equals(header)) {
                throw new IllegalArgumentException(file + " is not a trial-scores file: its first line should be '"
                        + HEADER + "', found '" + header + "'");
            }
            String line;
            long number = 1;
            while ((line = r.readLine()) != null) {
                number++;
                String[] f = line.split(",", -1);
                try {
                    if (f.length != 6 || !(f[4].equals("0") || f[4].equals("1"))) {
                        throw new NumberFormatException("expected task,trial,face,voice,0|1,score");
                    }
                    Kind.of(f[0]);
                    columns.computeIfAbsent(f[0], k -> new Columns()).add(Integer.parseInt(f[1]),
                            Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4].equals("1"), Double.parseDouble(f[5]));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + " line " + number + ": " + e.getMessage());
                }
            }
        }
        TrialScores out = new TrialScores();
        columns.forEach((name, c) -> out.add(name, c.trial.toArray(), c.face.toArray(), c.voice.toArray(),
                c.match(), c.score()));
        return out;
    }

    private static boolean gzipped(Path file) {
        return file.getFileName().toString().endsWith(".gz");
    }

    /** Growable columns of one task while reading. */
    private static final class Columns {
        final IntColumn trial = new IntColumn();
        final IntColumn face = new IntColumn();
        final IntColumn voice = new IntColumn();
        boolean[] match = new boolean[1024];
        double[] score = new double[1024];

        void add(int t, int f, int v, boolean m, double s) {
            int n = trial.size;
            if (n == score.length) {
                match = Arrays.copyOf(match, 2 * n);
                score = Arrays.copyOf(score, 2 * n);
            }
            match[n] = m;
            score[n] = s;
            trial.add(t);
            face.add(f);
            voice.add(v);
        }

        boolean[] match() {
            return Arrays.copyOf(match, trial.size);
        }

        double[] score() {
            return Arrays.copyOf(score, trial.size);
        }
    }

    private static final class IntColumn {
        int[] values = new int[1024];
        int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, 2 * size);
            }
            values[size++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}

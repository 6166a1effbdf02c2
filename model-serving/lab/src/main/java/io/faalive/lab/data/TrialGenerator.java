package io.faalive.lab.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws the paper's evaluation trials from a split: verification pairs (U and G), 1:2
 * matching V-F and F-V (U and G) and 1:N V-F matching for N = 2..10. The positive face is
 * taken from another video of the voice's identity when there is one, as in VoxCeleb
 * protocols; G impostors share the probe's gender.
 */
public final class TrialGenerator {

    public static final int MAX_N = 10;

    private final Split split;
    private final char[] gender;
    private final SplittableRandom random;
    private final List<int[]> facesByIdentity;
    private final List<int[]> voicesByIdentity;
    private final int[] identities;
    /** Identities with at least one other identity of the same gender: the only G probes possible. */
    private final int[] genderMatched;

    public TrialGenerator(Split split, char[] gender, long seed) {
        this.split = split;
        this.gender = gender;
        this.random = new SplittableRandom(seed);
        int maxId = java.util.Arrays.stream(split.faceIdentity()).max().orElse(0);
        this.facesByIdentity = Split.rowsByVideo(split.faceIdentity(), maxId + 1);
        this.voicesByIdentity = Split.rowsByVideo(split.voiceIdentity(), maxId + 1);
        this.identities = java.util.stream.IntStream.rangeClosed(0, maxId)
                .filter(i -> facesByIdentity.get(i).length > 0 && voicesByIdentity.get(i).length > 0).toArray();
        this.genderMatched = java.util.Arrays.stream(identities).filter(i -> java.util.Arrays.stream(identities)
                .anyMatch(j -> j != i && gender[j] == gender[i])).toArray();
        if (identities.length < 2) {
            throw new IllegalArgumentException("Split " + split.name() + " needs at least two identities with faces and voices");
        }
    }

    public Trials generate(int verificationPairs, int matchingTrials, int trialsPerN) {
        List<Trials.Verification> vu = new ArrayList<>();
        List<Trials.Verification> vg = new ArrayList<>();
        for (int i = 0; i < verificationPairs; i++) {
            vu.add(verification(i % 2 == 0, false));
            if (genderMatched.length > 0) {
                vg.add(verification(i % 2 == 0, true));
            }
        }
        List<Trials.Matching> vfU = new ArrayList<>();
        List<Trials.Matching> vfG = new ArrayList<>();
        List<Trials.Matching> fvU = new ArrayList<>();
        List<Trials.Matching> fvG = new ArrayList<>();
        for (int i = 0; i < matchingTrials; i++) {
            vfU.add(matching(true, 2, false));
            if (genderMatched.length > 0) {
                vfG.add(matching(true, 2, true));
                fvG.add(matching(false, 2, true));
            }
            fvU.add(matching(false, 2, false));
        }
        List<Trials.Matching> vfN = new ArrayList<>();
        for (int n = 2; n <= Math.min(MAX_N, identities.length); n++) {
            for (int i = 0; i < trialsPerN; i++) {
                vfN.add(matching(true, n, false));
            }
        }
        return new Trials(vu, vg, vfU, vfG, fvU, fvG, vfN);
    }

    private Trials.Verification verification(boolean same, boolean sameGender) {
        int id = probeIdentity(sameGender);
        int voice = pick(voicesByIdentity.get(id));
        int faceId = same ? id : impostor(id, sameGender, new int[0]);
        int face = same ? otherVideo(facesByIdentity.get(id), split.voiceVideo()[voice], split.faceVideo())
                : pick(facesByIdentity.get(faceId));
        return new Trials.Verification(voice, face, same);
    }

    private Trials.Matching matching(boolean voiceProbe, int n, boolean sameGender) {
        int id = probeIdentity(sameGender);
        List<int[]> probes = voiceProbe ? voicesByIdentity : facesByIdentity;
        List<int[]> gallery = voiceProbe ? facesByIdentity : voicesByIdentity;
        int[] probeVideo = voiceProbe ? split.voiceVideo() : split.faceVideo();
        int[] galleryVideo = voiceProbe ? split.faceVideo() : split.voiceVideo();
        int probe = pick(probes.get(id));
        int[] candidates = new int[n];
        candidates[0] = otherVideo(gallery.get(id), probeVideo[probe], galleryVideo);
        int[] used = new int[n];
        used[0] = id;
        for (int k = 1; k < n; k++) {
            int other = impostor(id, sameGender, java.util.Arrays.copyOf(used, k));
            used[k] = other;
            candidates[k] = pick(gallery.get(other));
        }
        return new Trials.Matching(probe, candidates);
    }

    private int probeIdentity(boolean sameGender) {
        int[] from = sameGender ? genderMatched : identities;
        return from[random.nextInt(from.length)];
    }

    private int impostor(int id, boolean sameGender, int[] exclude) {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            int other = identities[random.nextInt(identities.length)];
            if (other == id || contains(exclude, other)) {
                continue;
            }
            if (!sameGender || gender[other] == gender[id]) {
                return other;
            }
        }
        throw new IllegalStateException("No impostor for identity " + id + " in split " + split.name());
    }

    private int otherVideo(int[] rows, int probeVideo, int[] videoOfRow) {
        int[] others = java.util.Arrays.stream(rows).filter(r -> videoOfRow[r] != probeVideo).toArray();
        return pick(others.length > 0 ? others : rows);
    }

    private int pick(int[] rows) {
        return rows[random.nextInt(rows.length)];
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }
}

package io.faalive.job.tracks;

import static org.assertj.core.api.Assertions.assertThat;

import io.faalive.job.config.PerceptionSettings;
import io.faalive.job.decode.ChunkAudio;
import io.faalive.job.decode.ChunkInfo;
import io.faalive.job.faces.EmbeddedFace;
import io.faalive.job.faces.EmbeddedFaces;
import io.faalive.job.faces.FaceBox;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TrackFaces on the operator harness: ids across chunks, per-stream state, TTL cleanup. */
class TrackFacesTest {

    private KeyedOneInputStreamOperatorTestHarness<String, EmbeddedFaces, TrackedFaces> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new TrackFaces(PerceptionSettings.from(new Configuration()), Duration.ofMinutes(10))),
                c -> c.chunk().streamId(), Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void facesKeepTheirTrackAcrossChunksAndStreamsAreIndependent() throws Exception {
        harness.processElement(chunk("a", 0, 100, 400), 0);
        harness.processElement(chunk("a", 1000, 110, 410), 0);
        harness.processElement(chunk("b", 0, 400), 0);
        List<TrackedFaces> out = harness.extractOutputValues();
        assertThat(out).hasSize(3);
        long left = out.get(0).faces()[0].trackId();
        long right = out.get(0).faces()[1].trackId();
        assertThat(left).isNotEqualTo(right);
        assertThat(out.get(1).faces()).extracting(TrackedFace::trackId).containsExactly(left, right, left, right, left, right);
        assertThat(out.get(1).tracks()).hasSize(2);
        assertThat(out.get(1).tracks()[0].mouthTsMs()).as("mouth history spans both chunks").hasSize(6);
        assertThat(out.get(2).faces()[0].trackId()).as("stream b has its own ids").isEqualTo(1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
    }

    @Test
    void expiredStreamsStartAfresh() throws Exception {
        harness.processElement(chunk("a", 0, 100, 400), 0);
        harness.setStateTtlProcessingTime(Duration.ofMinutes(11).toMillis());
        harness.processElement(chunk("a", 700_000, 100), 0);
        TrackedFaces later = harness.extractOutputValues().get(1);
        assertThat(later.faces()[0].trackId()).as("the tracker state expired and was rebuilt").isEqualTo(1);
        assertThat(later.tracks()).hasSize(1);
    }

    @Test
    void tracksAndTheirCropsContinueAfterASnapshotAndRestore() throws Exception {
        EmbeddedFaces first = chunk("a", 0, 100, 400);
        EmbeddedFace[] withCrops = Arrays.stream(first.faces()).map(f -> new EmbeddedFace(f.tsMs(), f.box(), f.mouthAperture(),
                f.good(), f.embedding(), new byte[] {(byte) f.tsMs()}, f.motionTsMs(), f.motion())).toArray(EmbeddedFace[]::new);
        harness.processElement(new EmbeddedFaces(first.chunk(), first.audio(), withCrops), 0);
        long left = harness.extractOutputValues().get(0).faces()[0].trackId();
        var snapshot = harness.snapshot(1, 1);
        try (var restored = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new TrackFaces(PerceptionSettings.from(new Configuration()), Duration.ofMinutes(10))),
                (EmbeddedFaces c) -> c.chunk().streamId(), Types.STRING)) {
            restored.setup();
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(chunk("a", 1000, 110, 410), 0);
            TrackedFaces next = restored.extractOutputValues().get(0);
            assertThat(next.faces()[0].trackId()).as("the same track id after the restore").isEqualTo(left);
            assertThat(next.tracks()).hasSize(2).allSatisfy(t -> assertThat(t.cropTsMs()).as("crops kept in state")
                    .containsExactly(0L, 200L, 400L));
            assertThat(next.tracks()[0].mouthTsMs()).as("mouth history restored").hasSize(6);
        }
    }

    /** Three frames 200 ms apart from {@code t0}, one face per x position. */
    private static EmbeddedFaces chunk(String stream, long t0, float... xs) {
        EmbeddedFace[] faces = new EmbeddedFace[3 * xs.length];
        int i = 0;
        for (int f = 0; f < 3; f++) {
            for (float x : xs) {
                float x1 = x + f * 2;
                faces[i++] = new EmbeddedFace(t0 + f * 200L, new FaceBox(x1, 100, x1 + 80, 200), 0.1f * f, false, null, null,
                        null, null);
            }
        }
        return new EmbeddedFaces(new ChunkInfo(stream, 0, t0, 1000, t0, 640, 360, 3), new ChunkAudio(new short[0], 0, t0), faces);
    }
}

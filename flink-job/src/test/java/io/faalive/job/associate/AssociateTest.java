package io.faalive.job.associate;

import static org.assertj.core.api.Assertions.assertThat;

import io.faalive.job.config.AssociationOptions;
import io.faalive.job.config.IdentityOptions;
import io.faalive.serving.identify.EnrolledPerson;
import io.faalive.serving.identify.Gallery;
import io.faalive.job.sync.TrackInWindow;
import io.faalive.job.sync.WindowObservation;
import io.faalive.serving.associate.SpeakerSpan.SpeakerState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Associate on the operator harness: two people take turns; after a snapshot and restore
 * mid-stream the session speaker ids and the decisions continue as without one; streams are
 * independent; state expires with the stream TTL; the broadcast gallery names the speaker,
 * and a voice that is not the enrolled face's raises one alert.
 */
class AssociateTest {

    private static final long T0 = 1_700_000_000_000L;

    @Test
    void sessionSpeakersSurviveASnapshotAndRestore() throws Exception {
        List<WindowObservation> windows = new ArrayList<>();
        Random random = new Random(3);
        float[] alice = voice(new Random(1));
        float[] bob = voice(new Random(2));
        for (long end = 1500; end <= 24_000; end += 500) {
            boolean aliceTurn = (end / 6000) % 2 == 0;
            windows.add(window("a", end, aliceTurn ? 1 : 2, aliceTurn ? alice : bob, random));
        }
        List<SpeakerDecision> straight = run(windows, -1);
        List<SpeakerDecision> restored = run(windows, 20);
        assertThat(restored).extracting(d -> d.span().startMs(), d -> d.span().trackId(), d -> d.span().sessionSpeakerId())
                .isEqualTo(straight.stream().map(d -> org.assertj.core.groups.Tuple.tuple(d.span().startMs(), d.span().trackId(),
                        d.span().sessionSpeakerId())).toList());
        assertThat(straight).filteredOn(d -> d.span().state() == SpeakerState.SPEAKING)
                .extracting(d -> d.span().sessionSpeakerId()).as("two voices, two session speakers").containsOnly(
                        straight.get(4).span().sessionSpeakerId(), straight.stream().filter(d -> d.span().trackId() == 2)
                                .findFirst().orElseThrow().span().sessionSpeakerId());
    }

    @Test
    void streamsAreIndependentAndExpire() throws Exception {
        Random random = new Random(4);
        float[] v = voice(new Random(1));
        try (var harness = harness()) {
            harness.open();
            for (long end = 1500; end <= 6000; end += 500) {
                harness.processElement(window("a", end, 1, v, random), 0);
                harness.processElement(window("b", end, 1, v, random), 0);
            }
            assertThat(harness.extractOutputValues()).extracting(SpeakerDecision::streamId).as("each stream decided on its own")
                    .contains("a", "b");
            harness.setStateTtlProcessingTime(Duration.ofMinutes(11).toMillis());
            harness.processElement(window("a", 700_000, 1, v, random), 0);
            List<SpeakerDecision> out = harness.extractOutputValues();
            SpeakerDecision last = out.get(out.size() - 1);
            assertThat(last.span().startMs()).as("expired: the stream starts afresh at the window's start").isEqualTo(T0 + 700_000 - 1500);
        }
    }

    @Test
    void theBroadcastGalleryNamesTheSpeakerAndItsRemovalUnnamesThem() throws Exception {
        Random random = new Random(5);
        float[] alice = voice(new Random(1));
        float[] aliceFace = voice(new Random(11));
        try (var harness = harness()) {
            harness.open();
            harness.processBroadcastElement(ControlUpdate.of(new GalleryUpdate("alice", new EnrolledPerson("alice", "Alice", aliceFace, alice))), 0);
            for (long end = 1500; end <= 8000; end += 500) {
                harness.processElement(window("a", end, 1, alice, aliceFace, random), 0);
            }
            List<SpeakerDecision> named = harness.extractOutputValues().stream()
                    .filter(d -> d.span().state() == SpeakerState.SPEAKING).toList();
            assertThat(named).as("speech").isNotEmpty();
            assertThat(named.subList(named.size() / 2, named.size())).as("named once the voice is pooled")
                    .allSatisfy(d -> assertThat(d.identity().personId()).isEqualTo("alice"));
            harness.processBroadcastElement(ControlUpdate.of(new GalleryUpdate("alice", null)), 0);
            int before = harness.extractOutputValues().size();
            harness.processElement(window("a", 8500, 1, alice, aliceFace, random), 0);
            assertThat(harness.extractOutputValues().subList(before, harness.extractOutputValues().size()))
                    .as("removed from the gallery: nobody").allSatisfy(d -> assertThat(d.identity()).isNull());
            assertThat(harness.getSideOutput(Associate.MISMATCHES)).as("her own voice: no alert").isNullOrEmpty();
        }
    }

    @Test
    void aVoiceThatIsNotTheEnrolledFacesRaisesOneAlertPerEpisode() throws Exception {
        Random random = new Random(6);
        float[] alice = voice(new Random(1));
        float[] bob = voice(new Random(2));
        float[] aliceFace = voice(new Random(11));
        Gallery gallery = Gallery.of(List.of(new EnrolledPerson("alice", "Alice", aliceFace, alice)));
        try (var harness = harness(gallery)) {
            harness.open();
            for (long end = 1500; end <= 20_000; end += 500) {
                harness.processElement(window("a", end, 1, bob, aliceFace, random), 0);
            }
            var alerts = harness.getSideOutput(Associate.MISMATCHES);
            assertThat(alerts).as("one episode, one alert").hasSize(1);
            VoiceMismatch alert = alerts.peek().getValue();
            assertThat(alert.mismatch().personId()).isEqualTo("alice");
            assertThat(alert.mismatch().trackId()).isEqualTo(1);
            assertThat(alert.mismatch().endMs() - T0).as("raised within 5 s of speech after the binding").isLessThan(9000);
            assertThat(harness.extractOutputValues()).as("bob's voice is not named alice")
                    .allSatisfy(d -> assertThat(d.identity()).isNull());
        }
    }

    private static List<SpeakerDecision> run(List<WindowObservation> windows, int snapshotAt) throws Exception {
        List<SpeakerDecision> out = new ArrayList<>();
        OperatorSubtaskState snapshot = null;
        int resumeFrom = 0;
        try (var harness = harness()) {
            harness.open();
            for (int i = 0; i < windows.size(); i++) {
                harness.processElement(windows.get(i), 0);
                if (i == snapshotAt) {
                    snapshot = harness.snapshot(1, 1);
                    resumeFrom = i + 1;
                    break;
                }
            }
            out.addAll(harness.extractOutputValues());
        }
        if (snapshot != null) {
            try (var restored = harness()) {
                restored.setup();
                restored.initializeState(snapshot);
                restored.open();
                for (int i = resumeFrom; i < windows.size(); i++) {
                    restored.processElement(windows.get(i), 0);
                }
                out.addAll(restored.extractOutputValues());
            }
        }
        return out;
    }

    private static KeyedBroadcastOperatorTestHarness<String, WindowObservation, ControlUpdate, SpeakerDecision> harness() throws Exception {
        return harness(Gallery.empty());
    }

    private static KeyedBroadcastOperatorTestHarness<String, WindowObservation, ControlUpdate, SpeakerDecision> harness(Gallery initial)
            throws Exception {
        Configuration conf = new Configuration();
        Associate associate = new Associate(AssociateSettings.from(conf), initial);
        return new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(associate, List.of(Associate.CONTROL)),
                WindowObservation::streamId, Types.STRING, 128, 1, 0);
    }

    /** A speech window ending at {@code end} in which {@code speaker}'s mouth follows the voice. */
    private static WindowObservation window(String stream, long end, long speaker, float[] voice, Random random) {
        return window(stream, end, speaker, voice, null, random);
    }

    /** The same, track 1 showing {@code face1}. */
    private static WindowObservation window(String stream, long end, long speaker, float[] voice, float[] face1, Random random) {
        TrackInWindow[] tracks = new TrackInWindow[2];
        for (int t = 1; t <= 2; t++) {
            float sync = (t == speaker ? 0.7f : 0.1f) + 0.1f * (float) random.nextGaussian();
            tracks[t - 1] = new TrackInWindow(t, 0.1f + 0.5f * (t - 1), 0.2f, 0.2f, 0.3f, 12, 12, t == 1 ? face1 : null, 0.1f, sync);
        }
        float[] noisy = new float[voice.length];
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] = voice[i] + (float) random.nextGaussian();
        }
        long start = T0 + end - 1500;
        return new WindowObservation(stream, start, T0 + end, 1f, true, noisy, "test-128", 640, 360, tracks, "envelope",
                T0 + end, T0 + end, new long[] {start, T0 + end});
    }

    private static float[] voice(Random r) {
        float[] v = new float[128];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }
}

package io.faalive.job.associate;

import io.faalive.job.sync.TrackInWindow;
import io.faalive.job.sync.WindowObservation;
import io.faalive.serving.associate.AssociationSettings;
import io.faalive.serving.associate.Associator;
import io.faalive.serving.associate.Binding;
import io.faalive.serving.associate.Candidate;
import io.faalive.serving.associate.Observation;
import io.faalive.serving.associate.SpeakerSpan;
import io.faalive.serving.identify.EnrolledPerson;
import io.faalive.serving.identify.Gallery;
import io.faalive.serving.identify.Identity;
import io.faalive.serving.identify.IdentitySettings;
import io.faalive.serving.identify.SpeakerIdentities;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Who speaks, per stream, and who that is: each window observation decides one hop of the
 * media timeline ({@link Associator}: session speakers from pooled voices, voice-to-face binding
 * evidence, hysteresis), cut where the VAD's speech starts and stops; each speaking span's
 * session speaker is named from the enrolled gallery and bound faces are checked against their
 * voices ({@link SpeakerIdentities}). Decisions are the main output; new and changed bindings go
 * to {@link #BINDINGS}, mismatch alerts to {@link #MISMATCHES}.
 *
 * <p>The gallery is the file given at start-up ({@code faa.identity.gallery}) with the
 * enrollments topic's changes applied: broadcast state, so every parallel instance sees every
 * change and it survives restarts. The stream's own state is two POJOs in keyed state, expired
 * after the stream TTL.
 */
public class Associate extends KeyedBroadcastProcessFunction<String, WindowObservation, GalleryUpdate, SpeakerDecision> {

    /** Voice-to-face bindings. */
    public static final OutputTag<VoiceBinding> BINDINGS = new OutputTag<>("bindings", TypeInformation.of(VoiceBinding.class));

    /** Voices that do not fit the enrolled face they are bound to. */
    public static final OutputTag<VoiceMismatch> MISMATCHES = new OutputTag<>("mismatches", TypeInformation.of(VoiceMismatch.class));

    /** The gallery's changes since start-up, by person id (a removal has no person). */
    public static final MapStateDescriptor<String, GalleryUpdate> GALLERY =
            new MapStateDescriptor<>("gallery", Types.STRING, TypeInformation.of(GalleryUpdate.class));

    private final AssociationSettings settings;
    private final IdentitySettings identity;
    private final Gallery initialGallery;
    private final String modelVersion;
    private final Duration stateTtl;
    private transient ValueState<Associator.State> state;
    private transient ValueState<SpeakerIdentities.State> identities;
    private transient Gallery gallery;
    private transient Counter spans;
    private transient Counter bindings;
    private transient Counter speakerChanges;
    private transient Counter mismatches;
    private transient Counter galleryUpdates;

    public Associate(AssociationSettings settings, IdentitySettings identity, Gallery initialGallery, String modelVersion,
            Duration stateTtl) {
        this.settings = settings;
        this.identity = identity;
        this.initialGallery = initialGallery;
        this.modelVersion = modelVersion;
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl = StateTtlConfig.newBuilder(stateTtl).build();
        ValueStateDescriptor<Associator.State> association = new ValueStateDescriptor<>("association", TypeInformation.of(Associator.State.class));
        association.enableTimeToLive(ttl);
        state = getRuntimeContext().getState(association);
        ValueStateDescriptor<SpeakerIdentities.State> named = new ValueStateDescriptor<>("identities", TypeInformation.of(SpeakerIdentities.State.class));
        named.enableTimeToLive(ttl);
        identities = getRuntimeContext().getState(named);
        var metrics = getRuntimeContext().getMetricGroup();
        spans = metrics.counter("speakerSpans");
        bindings = metrics.counter("bindings");
        speakerChanges = metrics.counter("speakerChanges");
        mismatches = metrics.counter("mismatchAlerts");
        galleryUpdates = metrics.counter("galleryUpdates");
        metrics.gauge("galleryPeople", () -> gallery == null ? initialGallery.size() : gallery.size());
    }

    @Override
    public void processElement(WindowObservation w, ReadOnlyContext ctx, Collector<SpeakerDecision> out) throws Exception {
        if (gallery == null) {
            gallery = galleryFrom(ctx.getBroadcastState(GALLERY).immutableEntries());
        }
        Associator.State saved = state.value();
        Associator associator = new Associator(settings, saved == null ? new Associator.State() : saved);
        Associator.Result result = associator.accept(observation(w));
        SpeakerIdentities.State savedNames = identities.value();
        SpeakerIdentities names = new SpeakerIdentities(identity, savedNames == null ? new SpeakerIdentities.State() : savedNames);
        Map<Long, float[]> faces = faces(w);
        for (SpeakerSpan span : result.spans()) {
            long speaker = span.sessionSpeakerId();
            Identity who = null;
            if (speaker >= 0) {
                float[] voice = associator.voiceOf(speaker);
                long voiceMs = associator.voiceMs(speaker);
                float[] face = span.trackId() >= 0 ? faces.get(span.trackId()) : null;
                boolean bound = span.trackId() >= 0 && associator.boundTrack(speaker) == span.trackId();
                who = names.name(gallery, voice, voiceMs, face, bound);
                if (bound) {
                    var alert = names.observe(gallery, speaker, voice, voiceMs, span.trackId(), face, span.startMs(), span.endMs(),
                            span.endMs() - span.startMs());
                    if (alert != null) {
                        ctx.output(MISMATCHES, new VoiceMismatch(w.streamId(), alert, modelVersion));
                        mismatches.inc();
                    }
                }
            }
            out.collect(new SpeakerDecision(w.streamId(), span, who, w.producerTimeMs(), modelVersion));
            spans.inc();
        }
        if (result.speakerChanged()) {
            speakerChanges.inc();
        }
        for (Binding b : result.bindings()) {
            ctx.output(BINDINGS, new VoiceBinding(w.streamId(), b, modelVersion));
            bindings.inc();
        }
        state.update(associator.state());
        identities.update(names.state());
    }

    @Override
    public void processBroadcastElement(GalleryUpdate update, Context ctx, Collector<SpeakerDecision> out) throws Exception {
        BroadcastState<String, GalleryUpdate> changes = ctx.getBroadcastState(GALLERY);
        changes.put(update.personId(), update);
        gallery = galleryFrom(changes.immutableEntries());
        galleryUpdates.inc();
    }

    private Gallery galleryFrom(Iterable<Map.Entry<String, GalleryUpdate>> changes) {
        Gallery g = initialGallery;
        for (Map.Entry<String, GalleryUpdate> c : changes) {
            EnrolledPerson p = c.getValue().person();
            g = p == null ? g.without(c.getKey()) : g.with(p);
        }
        return g;
    }

    /** The face vector of each track in the window that has one. */
    private static Map<Long, float[]> faces(WindowObservation w) {
        Map<Long, float[]> out = new HashMap<>();
        for (TrackInWindow t : w.tracks()) {
            if (t.faceEmbedding() != null) {
                out.put(t.trackId(), t.faceEmbedding());
            }
        }
        return out;
    }

    static Observation observation(WindowObservation w) {
        Candidate[] candidates = new Candidate[w.tracks().length];
        for (int i = 0; i < candidates.length; i++) {
            TrackInWindow t = w.tracks()[i];
            candidates[i] = new Candidate(t.trackId(), t.syncScore(), t.mouthActivity(), t.x(), t.y(), t.width(), t.height());
        }
        return new Observation(w.startTsMs(), w.endTsMs(), w.speech(), w.voice(), candidates, w.speechSpans());
    }
}

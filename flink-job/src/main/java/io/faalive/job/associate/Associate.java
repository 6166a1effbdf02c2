package io.faalive.job.associate;

import io.faalive.job.sync.TrackInWindow;
import io.faalive.job.sync.WindowObservation;
import io.faalive.serving.associate.Associator;
import io.faalive.serving.associate.Binding;
import io.faalive.serving.associate.Candidate;
import io.faalive.serving.associate.Observation;
import io.faalive.serving.associate.SpeakerSpan;
import io.faalive.serving.identify.Gallery;
import io.faalive.serving.identify.Identity;
import io.faalive.serving.harvest.SampleHarvester;
import io.faalive.serving.identify.SpeakerIdentities;
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
public class Associate extends KeyedBroadcastProcessFunction<String, WindowObservation, ControlUpdate, SpeakerDecision> {

    /** Voice-to-face bindings. */
    public static final OutputTag<VoiceBinding> BINDINGS = new OutputTag<>("bindings", TypeInformation.of(VoiceBinding.class));

    /** Voices that do not fit the enrolled face they are bound to. */
    public static final OutputTag<VoiceMismatch> MISMATCHES = new OutputTag<>("mismatches", TypeInformation.of(VoiceMismatch.class));

    /** Single-speaker segments for the learning loop. */
    public static final OutputTag<HarvestedSegment> HARVESTED = new OutputTag<>("harvested", TypeInformation.of(HarvestedSegment.class));

    /** FAA model updates the job refused, with the reason. */
    public static final OutputTag<RefusedModel> REFUSED_MODELS = new OutputTag<>("refused-models", TypeInformation.of(RefusedModel.class));

    /**
     * The broadcast input's state: the gallery's changes since start-up by {@code person/ID} (a
     * removal has no person), and the latest model request under {@link #MODEL_KEY}.
     */
    public static final MapStateDescriptor<String, ControlUpdate> CONTROL =
            new MapStateDescriptor<>("control", Types.STRING, TypeInformation.of(ControlUpdate.class));

    private static final String MODEL_KEY = "model";
    private static final String PERSON = "person/";

    private final AssociateSettings settings;
    private final Gallery initialGallery;
    private transient ValueState<Associator.State> state;
    private transient ValueState<SpeakerIdentities.State> identities;
    private transient ValueState<SampleHarvester.State> harvest;
    private transient Gallery gallery;
    private transient ModelSlot model;
    private transient boolean restored;
    private transient Counter spans;
    private transient Counter bindings;
    private transient Counter speakerChanges;
    private transient Counter mismatches;
    private transient Counter galleryUpdates;
    private transient Counter harvested;
    private transient Counter modelSwitches;
    private transient Counter modelRefusals;

    public Associate(AssociateSettings settings, Gallery initialGallery) {
        this.settings = settings;
        this.initialGallery = initialGallery;
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl = StateTtlConfig.newBuilder(settings.stateTtl()).build();
        ValueStateDescriptor<Associator.State> association = new ValueStateDescriptor<>("association", TypeInformation.of(Associator.State.class));
        association.enableTimeToLive(ttl);
        state = getRuntimeContext().getState(association);
        ValueStateDescriptor<SpeakerIdentities.State> named = new ValueStateDescriptor<>("identities", TypeInformation.of(SpeakerIdentities.State.class));
        named.enableTimeToLive(ttl);
        identities = getRuntimeContext().getState(named);
        ValueStateDescriptor<SampleHarvester.State> run = new ValueStateDescriptor<>("harvest", TypeInformation.of(SampleHarvester.State.class));
        run.enableTimeToLive(ttl);
        harvest = getRuntimeContext().getState(run);
        var metrics = getRuntimeContext().getMetricGroup();
        spans = metrics.counter("speakerSpans");
        bindings = metrics.counter("bindings");
        speakerChanges = metrics.counter("speakerChanges");
        mismatches = metrics.counter("mismatchAlerts");
        galleryUpdates = metrics.counter("galleryUpdates");
        harvested = metrics.counter("harvestedSamples");
        metrics.gauge("galleryPeople", () -> gallery == null ? initialGallery.size() : gallery.size());
        modelSwitches = metrics.counter("modelSwitches");
        modelRefusals = metrics.counter("modelRefusals");
        model = new ModelSlot(settings.faceDim(), settings.voiceDim(), settings.faceEncoderId(), settings.voiceEncoderId());
        if (settings.modelPath() != null) {
            try {
                model.loadNow(java.nio.file.Path.of(settings.modelPath()), null, null);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("faa.model.path: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (model != null) {
            model.close();
        }
        super.close();
    }

    /**
     * On the first window after a restore, the model last requested is loaded again (the broadcast
     * state keeps the request, not the model; if that request was refused, the job is back on its
     * start-up model); later, a model that finished loading is switched to between two windows, or
     * its refusal reported (by the first subtask only, to report it once).
     */
    private void updateModel(ReadOnlyContext ctx) throws Exception {
        if (!restored) {
            restored = true;
            ControlUpdate last = ctx.getBroadcastState(CONTROL).get(MODEL_KEY);
            if (last != null && model.idle()) {
                model.replay(last.model());
            }
        }
        ModelSlot.Outcome outcome = model.poll();
        if (outcome == null) {
            return;
        }
        if (outcome.refusal() == null) {
            modelSwitches.inc();
        } else {
            modelRefusals.inc();
            if (!outcome.replayed() && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
                ctx.output(REFUSED_MODELS, new RefusedModel(outcome.request(), outcome.refusal()));
            }
        }
    }

    /** The version events carry: the decision logic's, and the FAA model's when one is in use. */
    private String modelVersion() {
        String faa = model.version();
        return faa == null ? settings.modelVersion() : settings.modelVersion() + "+faa:" + faa;
    }

    @Override
    public void processElement(WindowObservation w, ReadOnlyContext ctx, Collector<SpeakerDecision> out) throws Exception {
        if (gallery == null) {
            gallery = galleryFrom(ctx.getBroadcastState(CONTROL).immutableEntries());
        }
        updateModel(ctx);
        String version = modelVersion();
        Associator.State saved = state.value();
        Associator associator = new Associator(settings.association(), saved == null ? new Associator.State() : saved);
        Associator.Result result = associator.accept(observation(w));
        SpeakerIdentities.State savedNames = identities.value();
        SpeakerIdentities names = new SpeakerIdentities(settings.identity(), savedNames == null ? new SpeakerIdentities.State() : savedNames);
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
                        ctx.output(MISMATCHES, new VoiceMismatch(w.streamId(), alert, version));
                        mismatches.inc();
                    }
                }
            }
            out.collect(new SpeakerDecision(w.streamId(), span, who, faaScore(span, faces, associator), w.producerTimeMs(), version));
            spans.inc();
        }
        if (result.speakerChanged()) {
            speakerChanges.inc();
        }
        for (Binding b : result.bindings()) {
            ctx.output(BINDINGS, new VoiceBinding(w.streamId(), b, version));
            bindings.inc();
        }
        if (settings.harvest() != null) {
            harvest(w, result, associator, faces, ctx);
        }
        state.update(associator.state());
        identities.update(names.state());
    }

    /** Adds the window to the stream's single-speaker run: it qualifies when all its speech is one bound speaker on its face. */
    private void harvest(WindowObservation w, Associator.Result result, Associator associator, Map<Long, float[]> faces,
            ReadOnlyContext ctx) throws Exception {
        long speaker = -1;
        long track = -1;
        boolean single = !result.speakerChanged();
        for (SpeakerSpan span : result.spans()) {
            if (span.state() == SpeakerSpan.SpeakerState.SILENCE) {
                continue;
            }
            boolean same = speaker < 0 || (span.sessionSpeakerId() == speaker && span.trackId() == track);
            single &= span.state() == SpeakerSpan.SpeakerState.SPEAKING && same;
            speaker = span.sessionSpeakerId();
            track = span.trackId();
        }
        boolean qualifies = single && speaker >= 0 && track >= 0 && associator.boundTrack(speaker) == track;
        float sync = Float.NaN;
        for (TrackInWindow t : w.tracks()) {
            if (t.trackId() == track) {
                sync = t.syncScore();
            }
        }
        SampleHarvester.State saved = harvest.value();
        SampleHarvester harvester = new SampleHarvester(settings.harvest(), saved == null ? new SampleHarvester.State() : saved);
        SampleHarvester.Sample sample = harvester.accept(w.startTsMs(), w.endTsMs(), qualifies ? speaker : -1, qualifies ? track : -1,
                w.speech() ? w.voice() : null, faces.get(track), sync);
        if (sample != null) {
            ctx.output(HARVESTED, new HarvestedSegment(w.streamId(), sample, settings.faceEncoderId(), settings.voiceEncoderId()));
            harvested.inc();
        }
        harvest.update(harvester.state());
    }

    @Override
    public void processBroadcastElement(ControlUpdate update, Context ctx, Collector<SpeakerDecision> out) throws Exception {
        BroadcastState<String, ControlUpdate> control = ctx.getBroadcastState(CONTROL);
        if (update.model() != null) {
            control.put(MODEL_KEY, update);
            model.request(update.model());
            return;
        }
        control.put(PERSON + update.gallery().personId(), update);
        gallery = galleryFrom(control.immutableEntries());
        galleryUpdates.inc();
    }

    private Gallery galleryFrom(Iterable<Map.Entry<String, ControlUpdate>> control) {
        Gallery g = initialGallery;
        for (Map.Entry<String, ControlUpdate> c : control) {
            GalleryUpdate u = c.getValue().gallery();
            if (u != null) {
                g = u.person() == null ? g.without(u.personId()) : g.with(u.person());
            }
        }
        return g;
    }

    /** The FAA match probability of a speaking span's face and its speaker's pooled voice, or null. */
    private Float faaScore(SpeakerSpan span, Map<Long, float[]> faces, Associator associator) {
        if (model.current() == null || span.trackId() < 0 || span.sessionSpeakerId() < 0) {
            return null;
        }
        float[] face = faces.get(span.trackId());
        float[] voice = associator.voiceOf(span.sessionSpeakerId());
        return face == null || voice == null ? null : model.current().probability(face, voice);
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

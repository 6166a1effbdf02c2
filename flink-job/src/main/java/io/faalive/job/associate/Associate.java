package io.faalive.job.associate;

import io.faalive.job.sync.TrackInWindow;
import io.faalive.job.sync.WindowObservation;
import io.faalive.serving.associate.AssociationSettings;
import io.faalive.serving.associate.Associator;
import io.faalive.serving.associate.Binding;
import io.faalive.serving.associate.Candidate;
import io.faalive.serving.associate.Observation;
import io.faalive.serving.associate.SpeakerSpan;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Who speaks, per stream: each window observation decides one hop of the media timeline
 * ({@link Associator}: sync with hysteresis, session speakers from pooled voices, voice-to-face
 * binding evidence), cut where the VAD's speech starts and stops. Decisions are the main
 * output; new and changed bindings go to {@link #BINDINGS}. The stream's association state is
 * a POJO in keyed state, expired after the stream TTL.
 */
public class Associate extends KeyedProcessFunction<String, WindowObservation, SpeakerDecision> {

    /** Voice-to-face bindings. */
    public static final OutputTag<VoiceBinding> BINDINGS = new OutputTag<>("bindings", TypeInformation.of(VoiceBinding.class));

    private final AssociationSettings settings;
    private final String modelVersion;
    private final Duration stateTtl;
    private transient ValueState<Associator.State> state;
    private transient Counter spans;
    private transient Counter bindings;
    private transient Counter speakerChanges;

    public Associate(AssociationSettings settings, String modelVersion, Duration stateTtl) {
        this.settings = settings;
        this.modelVersion = modelVersion;
        this.stateTtl = stateTtl;
    }

    public static TypeInformation<Associator.State> stateType() {
        return TypeInformation.of(Associator.State.class);
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Associator.State> descriptor = new ValueStateDescriptor<>("association", stateType());
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl).build());
        state = getRuntimeContext().getState(descriptor);
        var metrics = getRuntimeContext().getMetricGroup();
        spans = metrics.counter("speakerSpans");
        bindings = metrics.counter("bindings");
        speakerChanges = metrics.counter("speakerChanges");
    }

    @Override
    public void processElement(WindowObservation w, Context ctx, Collector<SpeakerDecision> out) throws Exception {
        Associator.State saved = state.value();
        Associator associator = new Associator(settings, saved == null ? new Associator.State() : saved);
        Associator.Result result = associator.accept(observation(w));
        for (SpeakerSpan span : result.spans()) {
            out.collect(new SpeakerDecision(w.streamId(), span, w.producerTimeMs(), modelVersion));
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

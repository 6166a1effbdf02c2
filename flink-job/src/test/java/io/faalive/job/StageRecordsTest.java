package io.faalive.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.faalive.job.associate.ControlUpdate;
import io.faalive.job.associate.RefusedModel;
import io.faalive.job.associate.HarvestedSegment;
import io.faalive.serving.harvest.SampleHarvester;
import io.faalive.job.associate.VoiceMismatch;
import io.faalive.serving.associate.Associator;
import io.faalive.serving.identify.SpeakerIdentities;
import io.faalive.job.associate.SpeakerDecision;
import io.faalive.job.associate.VoiceBinding;
import io.faalive.job.decode.ChunkAudio;
import io.faalive.job.decode.ChunkInfo;
import io.faalive.job.faces.DetectedFaces;
import io.faalive.job.faces.EmbeddedFaces;
import io.faalive.job.speech.ChunkWindows;
import io.faalive.job.speech.StreamAudio;
import io.faalive.job.speech.VoicedWindows;
import io.faalive.job.sync.WindowObservation;
import io.faalive.job.tracks.CropHistory;
import io.faalive.job.tracks.TrackFaces;
import io.faalive.job.tracks.TrackedFaces;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.CompositeType;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/**
 * Every record that crosses a stage boundary, and every keyed state value, is a Flink POJO all
 * the way down: no Kryo fallback and no Java serialisation, so state evolves with Flink's POJO
 * schema evolution.
 */
class StageRecordsTest {

    @Test
    void stageRecordsAndStateAreFlinkPojosWithoutGenericFields() {
        List<TypeInformation<?>> types = List.of(TypeInformation.of(ChunkInfo.class), TypeInformation.of(ChunkAudio.class),
                TypeInformation.of(DetectedFaces.class), TypeInformation.of(EmbeddedFaces.class),
                TypeInformation.of(TrackedFaces.class), TypeInformation.of(ChunkWindows.class),
                TypeInformation.of(VoicedWindows.class), TypeInformation.of(WindowObservation.class),
                TypeInformation.of(SpeakerDecision.class), TypeInformation.of(VoiceBinding.class),
                TrackFaces.trackerType(), TypeInformation.of(CropHistory.class), TypeInformation.of(StreamAudio.class),
                TypeInformation.of(Associator.State.class), TypeInformation.of(SpeakerIdentities.State.class),
                TypeInformation.of(ControlUpdate.class), TypeInformation.of(VoiceMismatch.class), TypeInformation.of(RefusedModel.class),
                TypeInformation.of(SampleHarvester.State.class), TypeInformation.of(HarvestedSegment.class));
        for (TypeInformation<?> type : types) {
            assertThat(type).as(type.getTypeClass().getName()).isInstanceOf(PojoTypeInfo.class);
            assertNoGenericTypeIn(type, type.getTypeClass().getSimpleName());
        }
    }

    private static void assertNoGenericTypeIn(TypeInformation<?> type, String path) {
        assertThat(type).as(path + " falls back to Kryo").isNotInstanceOf(GenericTypeInfo.class);
        if (type instanceof CompositeType<?> composite) {
            for (int i = 0; i < composite.getArity(); i++) {
                assertNoGenericTypeIn(composite.getTypeAt(i), path + "." + composite.getFieldNames()[i]);
            }
        }
        if (type instanceof org.apache.flink.api.java.typeutils.ObjectArrayTypeInfo<?, ?> array) {
            assertNoGenericTypeIn(array.getComponentInfo(), path + "[]");
        }
    }
}

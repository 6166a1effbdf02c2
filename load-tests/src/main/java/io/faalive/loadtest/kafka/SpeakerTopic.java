package io.faalive.loadtest.kafka;

import io.faalive.schemas.AssociationEvent;
import io.faalive.schemas.AvroCodec;
import io.faalive.schemas.MismatchAlert;
import io.faalive.schemas.RecordDecodeException;
import io.faalive.schemas.SpeakerEvent;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The speaker-events topic carries three record types (SpeakerEvent, AssociationEvent,
 * MismatchAlert); the schema fingerprint in each record's header says which. Not thread-safe.
 */
public final class SpeakerTopic {

    private final List<AvroCodec<? extends SpecificRecord>> codecs = List.of(AvroCodec.of(SpeakerEvent.class),
            AvroCodec.of(AssociationEvent.class), AvroCodec.of(MismatchAlert.class));

    /** The record, of whichever of the three types wrote it. */
    public SpecificRecord decode(byte[] value) throws RecordDecodeException {
        RecordDecodeException last = null;
        for (AvroCodec<? extends SpecificRecord> codec : codecs) {
            try {
                return codec.decode(value);
            } catch (RecordDecodeException e) {
                if (e.kind() != RecordDecodeException.Kind.UNKNOWN_SCHEMA) {
                    throw e;
                }
                last = e;
            }
        }
        throw new RecordDecodeException(RecordDecodeException.Kind.UNKNOWN_SCHEMA,
                "neither a SpeakerEvent, an AssociationEvent nor a MismatchAlert: " + last.getMessage(), last);
    }
}

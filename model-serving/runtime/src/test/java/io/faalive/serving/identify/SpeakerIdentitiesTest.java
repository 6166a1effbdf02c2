package io.faalive.serving.identify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Naming and mismatch rules on vectors with known similarity: a probe at cosine c to a person is
 * made by mixing their vector with an orthogonal one.
 */
class SpeakerIdentitiesTest {

    private static final IdentitySettings SETTINGS = new IdentitySettings(0.4f, 0.6f, 0.3f, 0.1f, 1500, 3000);
    private static final Random RANDOM = new Random(7);
    private static final float[] ALICE_FACE = unit(128);
    private static final float[] ALICE_VOICE = unit(128);
    private static final float[] BOB_FACE = unit(128);
    private static final float[] BOB_VOICE = unit(128);
    private static final Gallery GALLERY = Gallery.of(List.of(new EnrolledPerson("alice", "Alice", ALICE_FACE, ALICE_VOICE),
            new EnrolledPerson("bob", "Bob", BOB_FACE, BOB_VOICE)));

    @Test
    void aVoiceCloseToOneEnrolledVoiceNamesItsSpeakerEvenOffScreen() {
        Identity who = identities().name(GALLERY, near(ALICE_VOICE, 0.7), 3000, null, false);
        assertThat(who.personId()).isEqualTo("alice");
        assertThat(who.basis()).isEqualTo(Identity.Basis.VOICE);
        assertThat(who.score()).isBetween(0.6f, 0.8f);
    }

    @Test
    void aVoiceHeardTooBrieflyOrTooFarFromEveryoneNamesNobody() {
        assertThat(identities().name(GALLERY, near(ALICE_VOICE, 0.9), 500, null, false)).as("too little speech").isNull();
        assertThat(identities().name(GALLERY, near(ALICE_VOICE, 0.5), 5000, null, false)).as("below voice-accept").isNull();
        assertThat(identities().name(Gallery.empty(), near(ALICE_VOICE, 0.9), 5000, ALICE_FACE, true)).as("nobody enrolled").isNull();
    }

    @Test
    void aBoundFaceNamesItsSpeakerUnlessTheVoiceSpeaksAgainstIt() {
        float[] face = near(ALICE_FACE, 0.6);
        assertThat(identities().name(GALLERY, null, 0, face, true).personId()).as("bound, voice not heard yet").isEqualTo("alice");
        assertThat(identities().name(GALLERY, null, 0, face, false)).as("a stand-in face, voice not heard").isNull();
        assertThat(identities().name(GALLERY, near(ALICE_VOICE, 0.45), 3000, face, false).basis())
                .as("a stand-in face the voice does not contradict").isEqualTo(Identity.Basis.FACE);
        assertThat(identities().name(GALLERY, near(ALICE_VOICE, 0.1), 3000, face, true)).as("a voice far from hers").isNull();
        assertThat(identities().name(GALLERY, near(BOB_VOICE, 0.7), 3000, face, true).personId()).as("bob's voice on her face: bob")
                .isEqualTo("bob");
        assertThat(identities().name(GALLERY, near(ALICE_VOICE, 0.7), 3000, face, true).basis()).isEqualTo(Identity.Basis.VOICE_AND_FACE);
    }

    @Test
    void aVoiceThatDoesNotFitTheBoundFaceRaisesOneAlertPerEpisode() {
        SpeakerIdentities ids = identities();
        float[] face = near(ALICE_FACE, 0.6);
        float[] stranger = near(ALICE_VOICE, 0.05);
        SpeakerIdentities.Mismatch alert = null;
        int alerts = 0;
        long t = 0;
        for (; t < 10_000; t += 500) {
            SpeakerIdentities.Mismatch m = ids.observe(GALLERY, 1, stranger, 3000, 4, face, t, t + 500, 500);
            if (m != null) {
                alert = alert == null ? m : alert;
                alerts++;
            }
        }
        assertThat(alerts).as("one episode").isEqualTo(1);
        assertThat(alert.personId()).isEqualTo("alice");
        assertThat(alert.startMs()).isZero();
        assertThat(alert.endMs()).as("after mismatch-after of speech").isEqualTo(3000);
        assertThat(alert.evidenceMs()).isEqualTo(3000);
        // her own voice ends the episode; a misfit after that is a new one
        assertThat(ids.observe(GALLERY, 1, near(ALICE_VOICE, 0.8), 3000, 4, face, t, t + 500, 500)).isNull();
        for (t += 500; t < 20_000 && alerts == 1; t += 500) {
            if (ids.observe(GALLERY, 1, stranger, 3000, 4, face, t, t + 500, 500) != null) {
                alerts++;
            }
        }
        assertThat(alerts).as("a second episode").isEqualTo(2);
    }

    @Test
    void bobsVoiceOnAlicesFaceSaysWhoseItIs() {
        SpeakerIdentities ids = identities();
        SpeakerIdentities.Mismatch alert = null;
        for (long t = 0; t < 5000 && alert == null; t += 500) {
            alert = ids.observe(GALLERY, 2, near(BOB_VOICE, 0.75), 3000, 4, near(ALICE_FACE, 0.6), t, t + 500, 500);
        }
        assertThat(alert).isNotNull();
        assertThat(alert.voicePersonId()).isEqualTo("bob");
    }

    @Test
    void anUndecidedVoiceOrAStrangersFaceRaisesNothing() {
        SpeakerIdentities ids = identities();
        for (long t = 0; t < 20_000; t += 500) {
            assertThat(ids.observe(GALLERY, 1, near(ALICE_VOICE, 0.45), 3000, 4, near(ALICE_FACE, 0.6), t, t + 500, 500)).isNull();
            assertThat(ids.observe(GALLERY, 2, near(ALICE_VOICE, 0.0), 3000, 5, unit(128), t, t + 500, 500)).isNull();
        }
    }

    private static SpeakerIdentities identities() {
        return new SpeakerIdentities(SETTINGS, new SpeakerIdentities.State());
    }

    /** A unit vector at cosine {@code c} to {@code v} (a unit vector). */
    private static float[] near(float[] v, double c) {
        float[] r = unit(v.length);
        double dot = 0;
        for (int i = 0; i < v.length; i++) {
            dot += r[i] * v[i];
        }
        double norm = 0;
        float[] orth = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            orth[i] = (float) (r[i] - dot * v[i]);
            norm += orth[i] * orth[i];
        }
        float[] out = new float[v.length];
        double s = Math.sqrt(1 - c * c) / Math.sqrt(norm);
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (c * v[i] + s * orth[i]);
        }
        return out;
    }

    private static float[] unit(int n) {
        float[] v = new float[n];
        double norm = 0;
        for (int i = 0; i < n; i++) {
            v[i] = (float) RANDOM.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < n; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }
}

package io.faalive.lab;

import io.faalive.lab.data.EmbeddingDataset;
import io.faalive.lab.synth.SyntheticWorld;
import io.faalive.lab.synth.WorldConfig;

/** Small synthetic worlds that train in seconds. */
public final class TinyWorlds {

    private TinyWorlds() {}

    public static WorldConfig config() {
        WorldConfig c = new WorldConfig();
        c.trainIdentities = 120;
        c.valIdentities = 30;
        c.testIdentities = 40;
        c.videosPerIdentity = 4;
        c.framesPerVideo = 2;
        c.windowsPerVideo = 2;
        c.faceDim = 64;
        c.voiceDim = 32;
        c.hiddenUnits = 64;
        // Tests need a clear signal in a small world, not the calibrated difficulty.
        c.outputNoise = 0.5;
        c.verificationPairs = 1000;
        c.matchingTrials = 500;
        c.trialsPerN = 50;
        return c;
    }

    public static EmbeddingDataset world(long seed) {
        return new SyntheticWorld(config(), seed).generate();
    }
}

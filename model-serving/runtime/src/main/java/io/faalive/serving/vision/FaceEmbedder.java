package io.faalive.serving.vision;

import java.util.List;

/** Embeds aligned 112x112 face crops into L2-normalised vectors. */
public interface FaceEmbedder extends AutoCloseable {

    int dimension();

    float[][] embed(List<BgrImage> alignedFaces);

    @Override
    void close();
}

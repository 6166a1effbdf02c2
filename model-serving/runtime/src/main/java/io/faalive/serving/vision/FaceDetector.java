package io.faalive.serving.vision;

import java.util.List;

/** Finds faces in a BGR image. Implementations hold native resources: close them. */
public interface FaceDetector extends AutoCloseable {

    List<FaceBox> detect(BgrImage image);

    /** Whether boxes come with five landmarks (else the 68-point model supplies them). */
    boolean givesLandmarks();

    @Override
    void close();
}

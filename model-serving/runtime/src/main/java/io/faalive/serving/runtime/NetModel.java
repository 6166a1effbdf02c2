package io.faalive.serving.runtime;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.util.PairList;
import java.io.IOException;
import java.util.function.Function;

/**
 * One network on a DJL engine: ONNX files on ONNX Runtime, TorchScript files ({@code .pt},
 * {@code .torchscript}) on PyTorch. Callers build inputs in a manager they get
 * from {@link #run}, so every native buffer of a call is freed when the call returns.
 * Calls are serialised: ONNX Runtime sessions are thread-safe, but DJL predictors are not,
 * and the batching layer above gives one caller per model anyway.
 */
public final class NetModel implements AutoCloseable {

    private final ModelFile file;
    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;

    private NetModel(ModelFile file, ZooModel<NDList, NDList> model) {
        this.file = file;
        this.model = model;
        this.predictor = model.newPredictor();
    }

    /** Verifies the file (existence, sha256 when known) and loads it on {@code device} with {@code threads} intra-op threads. */
    public static NetModel load(ModelFile file, Device device, int threads) {
        file.verify();
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optEngine(engineFor(file))
                .optModelPath(file.path())
                .optDevice(device)
                .optTranslator(new NoopTranslator())
                .optOption("intraOpNumThreads", Integer.toString(Math.max(1, threads)))
                .optOption("interOpNumThreads", "1")
                .build();
        try {
            return new NetModel(file, criteria.loadModel());
        } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
            throw new ModelLoadException("cannot load model " + file.path().toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    static String engineFor(ModelFile file) {
        String name = file.path().getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".pt") || name.endsWith(".torchscript") ? "PyTorch" : "OnnxRuntime";
    }

    public static NetModel load(ModelFile file) {
        return load(file, Device.cpu(), 1);
    }

    /** The declared inputs (name, shape; -1 marks a dynamic dimension). */
    public PairList<String, Shape> inputs() {
        return model.describeInput();
    }

    /**
     * Runs the model: {@code inputs} builds the named input arrays in a fresh manager,
     * {@code outputs} copies what it needs out of the results before the manager is closed.
     */
    public synchronized <T> T run(Function<NDManager, NDList> inputs, Function<NDList, T> outputs) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList in = inputs.apply(manager);
            NDList out = predictor.predict(in);
            try {
                return outputs.apply(out);
            } finally {
                out.close();
            }
        } catch (TranslateException e) {
            throw new IllegalStateException("inference failed in " + file.path().getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** Names an input array: ONNX Runtime binds inputs by name. */
    public static NDArray named(NDArray array, String name) {
        array.setName(name);
        return array;
    }

    public ModelFile file() {
        return file;
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}

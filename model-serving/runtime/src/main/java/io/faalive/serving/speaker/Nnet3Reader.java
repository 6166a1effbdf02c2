package io.faalive.serving.speaker;

import io.faalive.serving.runtime.ModelLoadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Kaldi nnet3 x-vector network in Kaldi's binary format ({@code final.raw} as
 * {@code extract.config} leaves it): the config section (one node per line), then the
 * components. Follows the graph back from the output node, which must be a chain of
 * TDNN layers (affine over {@code Append(Offset(x, o), ...)}, ReLU, batch norm), statistics
 * extraction and pooling (means and standard deviations), and one affine layer.
 *
 * <p>Supported components: NaturalGradientAffine and Affine, RectifiedLinear, BatchNorm,
 * StatisticsExtraction, StatisticsPooling, and LogSoftmax (present in the files after the
 * embedding, never evaluated). Anything else, or a graph of another shape, fails with the
 * file and what was expected.
 */
public final class Nnet3Reader {

    private static final Set<String> AFFINE = Set.of("NaturalGradientAffineComponent", "AffineComponent");
    private static final Set<String> KNOWN = Set.of("NaturalGradientAffineComponent", "AffineComponent",
            "RectifiedLinearComponent", "BatchNormComponent", "StatisticsExtractionComponent",
            "StatisticsPoolingComponent", "LogSoftmaxComponent");

    private record Component(String type, Map<String, Object> fields) {}

    private record Node(String component, String input) {}

    private final Path file;
    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<String, Integer> inputNodes = new HashMap<>();
    private final Map<String, Component> components = new LinkedHashMap<>();
    private String output;

    private Nnet3Reader(Path file) {
        this.file = file;
    }

    /** Reads the network's weights; every failure names the file and what was expected. */
    static XVectorWeights read(Path file) {
        Nnet3Reader reader = new Nnet3Reader(file);
        reader.parse(KaldiInput.openBinary(file));
        return reader.weights();
    }

    private void parse(KaldiInput in) {
        in.expect("<Nnet3>");
        in.line(); // the rest of the header line
        for (String line = in.line(); !line.isBlank(); line = in.line()) {
            config(line.trim());
        }
        in.expect("<NumComponents>");
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            in.expect("<ComponentName>");
            String name = in.token();
            components.put(name, component(in));
        }
        in.expect("</Nnet3>");
        if (output == null) {
            throw fail("an output-node named output in the config section");
        }
    }

    private void config(String line) {
        Map<String, String> kv = new HashMap<>();
        String[] words = line.split(" ", 2);
        String rest = words.length > 1 ? words[1] : "";
        // input=... may contain spaces inside parentheses; the other values do not.
        int inputAt = rest.indexOf("input=");
        String inputExpr = null;
        if (inputAt >= 0) {
            int end = inputAt + 6;
            int depth = 0;
            while (end < rest.length() && (depth > 0 || rest.charAt(end) != ' ')) {
                depth += rest.charAt(end) == '(' ? 1 : rest.charAt(end) == ')' ? -1 : 0;
                end++;
            }
            inputExpr = rest.substring(inputAt + 6, end).replace(" ", "");
            rest = rest.substring(0, inputAt) + rest.substring(end);
        }
        for (String part : rest.trim().split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                kv.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        switch (words[0]) {
            case "input-node" -> inputNodes.put(kv.get("name"), Integer.parseInt(kv.getOrDefault("dim", "-1")));
            case "component-node" -> nodes.put(kv.get("name"), new Node(kv.get("component"), inputExpr));
            case "output-node" -> {
                if ("output".equals(kv.get("name"))) {
                    output = inputExpr;
                }
            }
            default -> throw fail("input-node, component-node or output-node lines in the config section, found: " + line);
        }
    }

    private Component component(KaldiInput in) {
        String open = in.token();
        String type = open.replaceAll("^<|>$", "");
        if (!KNOWN.contains(type)) {
            throw fail("one of the components " + KNOWN + ", found " + open);
        }
        Map<String, Object> fields = new HashMap<>();
        String close = "</" + type + ">";
        for (String tag = in.token(); !tag.equals(close); tag = in.token()) {
            fields.put(tag, value(in));
        }
        return new Component(type, fields);
    }

    /** A field's value, told apart by its first bytes: size-prefixed number, FM/FV array, T/F. */
    private static Object value(KaldiInput in) {
        String next = in.peekToken();
        if (next.startsWith("FM")) {
            return in.readMatrix();
        }
        if (next.startsWith("FV")) {
            return in.readVector();
        }
        if (next.charAt(0) == 'T' || next.charAt(0) == 'F') {
            return in.readBool();
        }
        if (next.charAt(0) == 8) {
            return in.readDouble();
        }
        return in.readFloat(); // a float or an int32 (read back with Float.floatToRawIntBits)
    }

    private XVectorWeights weights() {
        Component embedding = affine(existing(output));
        String poolingNode = stripRound(nodes.get(output).input());
        Component pooling = expect(poolingNode, "StatisticsPoolingComponent");
        if (!Boolean.TRUE.equals(pooling.fields.get("<OutputStddevs>")) || intField(pooling, "<NumLogCountFeatures>") != 0) {
            throw fail("statistics pooling of means and standard deviations without log-count features at " + poolingNode);
        }
        String extractionNode = nodes.get(poolingNode).input();
        Component extraction = expect(extractionNode, "StatisticsExtractionComponent");
        if (!Boolean.TRUE.equals(extraction.fields.get("<IncludeVarinance>"))) { // Kaldi's spelling
            throw fail("statistics extraction with variances at " + extractionNode);
        }
        List<XVectorWeights.TdnnLayer> layers = new ArrayList<>();
        String current = nodes.get(extractionNode).input();
        while (!inputNodes.containsKey(current)) {
            Component batchNorm = expect(current, "BatchNormComponent");
            String reluNode = nodes.get(current).input();
            expect(reluNode, "RectifiedLinearComponent");
            String affineNode = nodes.get(reluNode).input();
            Component affine = affine(affineNode);
            List<String> sources = new ArrayList<>();
            int[] offsets = splice(nodes.get(affineNode).input(), sources);
            layers.add(0, layer(affine, batchNorm, offsets, affineNode));
            current = sources.get(0);
        }
        checkDimensions(layers, inputNodes.get(current), embedding);
        float[][] w = matrix(embedding, "<LinearParams>");
        return new XVectorWeights(layers, floatField(pooling, "<VarianceFloor>"), intField(pooling, "<RightContext>"),
                w, vector(embedding, "<BiasParams>"));
    }

    private XVectorWeights.TdnnLayer layer(Component affine, Component batchNorm, int[] offsets, String node) {
        float[] mean = vector(batchNorm, "<StatsMean>");
        float[] var = vector(batchNorm, "<StatsVar>");
        float epsilon = floatField(batchNorm, "<Epsilon>");
        float targetRms = floatField(batchNorm, "<TargetRms>");
        if (intField(batchNorm, "<BlockDim>") != intField(batchNorm, "<Dim>")) {
            throw fail("batch norm over whole frames (BlockDim = Dim) after " + node);
        }
        float[] scale = new float[var.length];
        for (int i = 0; i < scale.length; i++) {
            scale[i] = (float) (targetRms / Math.sqrt(var[i] + epsilon));
        }
        float[][] weight = matrix(affine, "<LinearParams>");
        float[] bias = vector(affine, "<BiasParams>");
        if (weight.length != bias.length || weight.length != mean.length) {
            throw fail("matching sizes of " + node + " (" + weight.length + " outputs) and its batch norm (" + mean.length + ")");
        }
        return new XVectorWeights.TdnnLayer(offsets, weight, bias, scale, mean);
    }

    private void checkDimensions(List<XVectorWeights.TdnnLayer> layers, int inputDim, Component embedding) {
        int dim = inputDim;
        for (XVectorWeights.TdnnLayer layer : layers) {
            if (layer.weight()[0].length != dim * layer.offsets().length) {
                throw fail("an affine layer over " + layer.offsets().length + " x " + dim + " inputs, found "
                        + layer.weight()[0].length + " columns");
            }
            dim = layer.outputDim();
        }
        if (matrix(embedding, "<LinearParams>")[0].length != 2 * dim) {
            throw fail("an embedding layer over " + (2 * dim) + " pooled statistics");
        }
    }

    /** {@code x}, or {@code Append(Offset(x, -2), x, Offset(x, 2))}: the offsets, ascending; the source into {@code sources}. */
    private int[] splice(String expr, List<String> sources) {
        List<String> terms = expr.startsWith("Append(") ? topLevel(expr.substring(7, expr.length() - 1)) : List.of(expr);
        int[] offsets = new int[terms.size()];
        for (int i = 0; i < offsets.length; i++) {
            String term = terms.get(i);
            String source = term;
            if (term.startsWith("Offset(")) {
                List<String> args = topLevel(term.substring(7, term.length() - 1));
                source = args.get(0);
                offsets[i] = Integer.parseInt(args.get(1));
            }
            if (!sources.isEmpty() && !sources.get(0).equals(source)) {
                throw fail("an affine input spliced from one node, found " + expr);
            }
            if (sources.isEmpty()) {
                sources.add(source);
            }
            if (i > 0 && offsets[i] <= offsets[i - 1]) {
                throw fail("ascending offsets in " + expr);
            }
        }
        return offsets;
    }

    private static List<String> topLevel(String args) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                out.add(args.substring(start, i));
                start = i + 1;
            }
        }
        out.add(args.substring(start));
        return out;
    }

    private static String stripRound(String expr) {
        return expr.startsWith("Round(") ? topLevel(expr.substring(6, expr.length() - 1)).get(0) : expr;
    }

    /** {@code node}, failing unless the config section defines it. */
    private String existing(String expr) {
        if (!nodes.containsKey(expr)) {
            throw fail("a component node feeding the output, found " + expr);
        }
        return expr;
    }

    private Component affine(String node) {
        Component c = component(node);
        if (!AFFINE.contains(c.type)) {
            throw fail("an affine component at " + node + ", found " + c.type);
        }
        return c;
    }

    private Component expect(String node, String type) {
        Component c = component(node);
        if (!c.type.equals(type)) {
            throw fail(type + " at " + node + ", found " + c.type);
        }
        return c;
    }

    private Component component(String node) {
        Node n = nodes.get(node);
        if (n == null || !components.containsKey(n.component())) {
            throw fail("a component node named " + node);
        }
        return components.get(n.component());
    }

    private float[][] matrix(Component c, String field) {
        if (c.fields.get(field) instanceof float[][] m) {
            return m;
        }
        throw fail("a float matrix " + field + " in " + c.type);
    }

    private float[] vector(Component c, String field) {
        if (c.fields.get(field) instanceof float[] v) {
            return v;
        }
        throw fail("a float vector " + field + " in " + c.type);
    }

    private float floatField(Component c, String field) {
        if (c.fields.get(field) instanceof Float f) {
            return f;
        }
        throw fail("a number " + field + " in " + c.type);
    }

    private int intField(Component c, String field) {
        return Float.floatToRawIntBits(floatField(c, field));
    }

    private ModelLoadException fail(String expected) {
        return new ModelLoadException(file.toAbsolutePath() + ": expected " + expected);
    }

    /** Reads Kaldi's binary float matrix file (for example {@code transform.mat}). */
    static float[][] readMatrix(Path file) {
        KaldiInput in = KaldiInput.openBinary(file);
        float[][] m = in.readMatrix();
        if (!in.atEnd()) {
            throw new ModelLoadException(file.toAbsolutePath() + ": expected one matrix and nothing after it");
        }
        return m;
    }
}

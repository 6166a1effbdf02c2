package io.faalive.lab.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** A Markdown report of an evaluation, with the ROC curve and the model's training curves as PNG. */
public final class Report {

    private Report() {}

    /** Writes OUT.md, OUT-roc.png and (when the model has a training curve) OUT-training.png next to the JSON. */
    public static Path write(Path json, Evaluation.Result result, String scorer, Path modelDir) throws IOException {
        String base = json.getFileName().toString().replaceFirst("\\.json$", "");
        Path dir = json.toAbsolutePath().getParent();
        Path roc = dir.resolve(base + "-roc.png");
        List<double[]> rocPoints = new ArrayList<>();
        double[][] r = result.rocU();
        int stride = Math.max(1, r.length / 400);
        for (int i = 0; i < r.length; i += stride) {
            rocPoints.add(r[i]);
        }
        rocPoints.add(r[r.length - 1]);
        chart(roc, "ROC, verification U (" + scorer + ")", "false positive rate", "true positive rate",
                List.of(rocPoints, List.of(new double[] {0, 0}, new double[] {1, 1})), List.of("ROC", "chance"),
                0, 1, 0, 1);
        StringBuilder md = new StringBuilder("# Evaluation: " + scorer + "\n\n");
        for (Map.Entry<String, Map<String, Double>> section : result.metrics().entrySet()) {
            md.append("## ").append(section.getKey()).append("\n\n| metric | % | 95% interval ± | trials |\n|---|---|---|---|\n");
            section.getValue().forEach((k, v) -> {
                Double half = result.halfWidth95().get(k);
                md.append(String.format("| %s | %.2f | %s | %,d |%n", k, v, half == null ? "" : String.format("%.2f", half),
                        result.trials().getOrDefault(k, 0)));
            });
            md.append('\n');
        }
        md.append("![ROC](").append(roc.getFileName()).append(")\n");
        Path curveFile = modelDir == null ? null : modelDir.resolve("training-curve.csv");
        if (curveFile != null && Files.isRegularFile(curveFile)) {
            Path training = dir.resolve(base + "-training.png");
            List<double[]> auc = new ArrayList<>();
            List<double[]> loss = new ArrayList<>();
            List<String> lines = Files.readAllLines(curveFile);
            double maxLoss = 0;
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                double step = Double.parseDouble(f[0]);
                auc.add(new double[] {step, Double.parseDouble(f[5]) / 100});
                loss.add(new double[] {step, Double.parseDouble(f[2])});
                maxLoss = Math.max(maxLoss, Double.parseDouble(f[2]));
            }
            double scale = maxLoss == 0 ? 1 : maxLoss;
            List<double[]> lossScaled = loss.stream().map(p -> new double[] {p[0], p[1] / scale}).toList();
            double maxStep = auc.isEmpty() ? 1 : auc.get(auc.size() - 1)[0];
            chart(training, "Training: validation AUC-U and loss / " + String.format("%.2f", scale), "step",
                    "AUC (fraction) / scaled loss", List.of(auc, lossScaled), List.of("val AUC-U", "loss (scaled)"),
                    0, maxStep, 0, 1);
            md.append("\n![training](").append(training.getFileName()).append(")\n");
        }
        Path mdFile = dir.resolve(base + ".md");
        Files.writeString(mdFile, md);
        return mdFile;
    }

    static void chart(Path file, String title, String xLabel, String yLabel, List<List<double[]>> series,
            List<String> names, double x0, double x1, double y0, double y1) throws IOException {
        int w = 640;
        int h = 480;
        int left = 70;
        int right = 20;
        int top = 40;
        int bottom = 60;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(title, left, 25);
        g.drawRect(left, top, w - left - right, h - top - bottom);
        for (int t = 0; t <= 4; t++) {
            double fx = t / 4.0;
            int px = left + (int) (fx * (w - left - right));
            int py = h - bottom - (int) (fx * (h - top - bottom));
            g.drawString(String.format("%.2g", x0 + fx * (x1 - x0)), px - 10, h - bottom + 18);
            g.drawString(String.format("%.2g", y0 + fx * (y1 - y0)), 10, py + 5);
        }
        g.drawString(xLabel, w / 2 - 40, h - 15);
        g.drawString(yLabel, 10, top - 8);
        Color[] colors = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c)};
        for (int s = 0; s < series.size(); s++) {
            g.setColor(colors[s % colors.length]);
            g.setStroke(new BasicStroke(s == 0 ? 2f : 1.2f));
            List<double[]> pts = series.get(s);
            for (int i = 1; i < pts.size(); i++) {
                g.drawLine(px(pts.get(i - 1)[0], x0, x1, left, w - right), py(pts.get(i - 1)[1], y0, y1, top, h - bottom),
                        px(pts.get(i)[0], x0, x1, left, w - right), py(pts.get(i)[1], y0, y1, top, h - bottom));
            }
            g.drawString(names.get(s), w - right - 150, top + 20 + 16 * s);
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static int px(double x, double x0, double x1, int a, int b) {
        return a + (int) ((x - x0) / Math.max(1e-12, x1 - x0) * (b - a));
    }

    private static int py(double y, double y0, double y1, int top, int bottom) {
        return bottom - (int) ((y - y0) / Math.max(1e-12, y1 - y0) * (bottom - top));
    }
}

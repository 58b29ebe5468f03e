package io.streamadapt.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** A small line chart (log-scaled x axis optional) written as PNG with Java2D, so no plotting dependency is needed. */
public final class LineChart {
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b)};
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final Map<String, double[][]> series = new LinkedHashMap<>();

    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Adds a series of (x, y) points. */
    public LineChart add(String name, List<double[]> points) {
        series.put(name, points.toArray(new double[0][]));
        return this;
    }

    public void writePng(Path file, boolean logX) throws IOException {
        int w = 900, h = 560, left = 80, right = 200, top = 50, bottom = 60;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double xMin = Double.MAX_VALUE, xMax = -Double.MAX_VALUE;
        for (double[][] s : series.values()) {
            for (double[] p : s) {
                double x = logX ? Math.log10(p[0]) : p[0];
                xMin = Math.min(xMin, x);
                xMax = Math.max(xMax, x);
            }
        }
        if (xMin >= xMax) {
            xMax = xMin + 1;
        }
        double yMin = 0, yMax = 1;
        int pw = w - left - right, ph = h - top - bottom;
        g.setColor(new Color(0xdddddd));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 10; i++) {
            int y = top + ph - (int) (i / 10.0 * ph);
            g.setColor(new Color(0xe5e5e5));
            g.drawLine(left, y, left + pw, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format("%.1f", yMin + i / 10.0 * (yMax - yMin)), left - 35, y + 4);
        }
        for (double[][] s : series.values()) {
            for (double[] p : s) {
                int x = left + (int) (((logX ? Math.log10(p[0]) : p[0]) - xMin) / (xMax - xMin) * pw);
                g.setColor(new Color(0xe5e5e5));
                g.drawLine(x, top, x, top + ph);
                g.setColor(Color.DARK_GRAY);
                g.drawString(String.format("%.0f", p[0]), x - 10, top + ph + 18);
            }
            break;
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, pw, ph);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, left, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(xLabel, left + pw / 2 - 60, h - 15);
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(top + ph / 2 + 40), 20);
        g.rotate(Math.PI / 2);
        int i = 0;
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            Color c = PALETTE[i % PALETTE.length];
            g.setColor(c);
            g.setStroke(new BasicStroke(2.5f));
            int px = -1, py = -1;
            for (double[] p : e.getValue()) {
                int x = left + (int) (((logX ? Math.log10(p[0]) : p[0]) - xMin) / (xMax - xMin) * pw);
                int y = top + ph - (int) ((p[1] - yMin) / (yMax - yMin) * ph);
                g.fillOval(x - 4, y - 4, 8, 8);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            g.fillRect(left + pw + 20, top + 20 + i * 24, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(e.getKey(), left + pw + 40, top + 32 + i * 24);
            i++;
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }
}

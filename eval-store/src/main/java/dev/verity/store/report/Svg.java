package dev.verity.store.report;

import dev.verity.store.ReplayComparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** The report's plots as inline SVG: no script and no network needed to view them. */
final class Svg {
    static final String[] PALETTE = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b"};
    private static final int WIDTH = 760;
    private static final int HEIGHT = 280;
    private static final int LEFT = 60;
    private static final int RIGHT = 44;
    private static final int TOP = 16;
    private static final int BOTTOM = 40;

    private Svg() {}

    /** One line per series over shared x labels, each with its interval as a shaded band. */
    static String lineChart(String title, Map<String, List<ReportData.Point>> series) {
        TreeSet<String> xs = new TreeSet<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (List<ReportData.Point> points : series.values()) {
            for (ReportData.Point p : points) {
                xs.add(p.window());
                lo = Math.min(lo, p.low() == null ? p.value() : p.low());
                hi = Math.max(hi, p.high() == null ? p.value() : p.high());
            }
        }
        if (xs.isEmpty()) {
            return "<p class=\"empty\">No windows to plot.</p>";
        }
        double pad = Math.max(1e-6, (hi - lo) * 0.08);
        Scale y = new Scale(lo - pad, hi + pad, HEIGHT - BOTTOM, TOP);
        List<String> labels = new ArrayList<>(xs);
        StringBuilder svg = open(title, WIDTH, HEIGHT);
        axes(svg, y, labels);
        int color = 0;
        StringBuilder legend = new StringBuilder("<div class=\"legend\">");
        for (Map.Entry<String, List<ReportData.Point>> s : series.entrySet()) {
            String c = PALETTE[color++ % PALETTE.length];
            StringBuilder band = new StringBuilder();
            StringBuilder back = new StringBuilder();
            StringBuilder line = new StringBuilder();
            StringBuilder dots = new StringBuilder();
            for (ReportData.Point p : s.getValue()) {
                double x = x(labels.indexOf(p.window()), labels.size());
                if (p.low() != null && p.high() != null) {
                    band.append(fmt(x)).append(',').append(fmt(y.at(p.high()))).append(' ');
                    back.insert(0, fmt(x) + "," + fmt(y.at(p.low())) + " ");
                }
                line.append(fmt(x)).append(',').append(fmt(y.at(p.value()))).append(' ');
                dots.append(String.format(
                        Locale.ROOT,
                        "<circle cx=\"%s\" cy=\"%s\" r=\"3\" fill=\"%s\"><title>%s %s: %s%s (%,d rows)</title></circle>",
                        fmt(x),
                        fmt(y.at(p.value())),
                        c,
                        Html.escape(s.getKey()),
                        p.window(),
                        number(p.value()),
                        p.low() == null ? "" : " [" + number(p.low()) + ", " + number(p.high()) + "]",
                        p.n()));
            }
            if (band.length() > 0) {
                svg.append("<polygon class=\"band\" fill=\"")
                        .append(c)
                        .append("\" fill-opacity=\"0.12\" points=\"")
                        .append(band)
                        .append(back)
                        .append("\"/>");
            }
            svg.append("<polyline fill=\"none\" stroke=\"")
                    .append(c)
                    .append("\" stroke-width=\"2\" points=\"")
                    .append(line)
                    .append("\"/>")
                    .append(dots);
            legend.append("<span><i style=\"background:")
                    .append(c)
                    .append("\"></i>")
                    .append(Html.escape(s.getKey()))
                    .append("</span>");
        }
        return svg.append("</svg>").append(legend).append("</div>").toString();
    }

    /** Features (rows) by columns, each cell coloured by how strongly it drifted. */
    static String heatMap(String title, List<ReportData.DriftCell> cells) {
        List<String> features = cells.stream()
                .map(ReportData.DriftCell::feature)
                .distinct()
                .sorted()
                .toList();
        List<String> columns = cells.stream()
                .map(ReportData.DriftCell::column)
                .distinct()
                .sorted()
                .toList();
        int cellW = Math.max(60, Math.min(110, 640 / Math.max(1, columns.size())));
        int cellH = 26;
        int left = 150;
        int width = left + cellW * columns.size() + 10;
        int height = 60 + cellH * features.size();
        StringBuilder svg = open(title, width, height);
        for (int j = 0; j < columns.size(); j++) {
            svg.append(String.format(
                    Locale.ROOT,
                    "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    left + j * cellW + cellW / 2,
                    18,
                    Html.escape(columns.get(j).length() > 10 ? columns.get(j).substring(0, 10) : columns.get(j))));
        }
        for (int i = 0; i < features.size(); i++) {
            svg.append(String.format(
                    Locale.ROOT,
                    "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                    left - 8,
                    30 + i * cellH + cellH / 2 + 4,
                    Html.escape(features.get(i))));
        }
        for (ReportData.DriftCell c : cells) {
            int i = features.indexOf(c.feature());
            int j = columns.indexOf(c.column());
            double strength = strength(c);
            String fill = Boolean.TRUE.equals(c.drifted())
                    ? mix("#fcbba1", "#a50f15", Math.min(1, strength - 1))
                    : c.drifted() == null ? "#dddddd" : mix("#f7fcf5", "#74c476", Math.min(1, strength));
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect class=\"cell\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#fff\">"
                            + "<title>%s, %s: %s %s (threshold %s)%s</title></rect>",
                    left + j * cellW,
                    30 + i * cellH,
                    cellW,
                    cellH,
                    fill,
                    Html.escape(c.feature()),
                    c.column(),
                    c.method(),
                    c.pValue() != null ? "p=" + number(c.pValue()) : number(c.statistic()),
                    number(c.threshold()),
                    Boolean.TRUE.equals(c.drifted()) ? ": DRIFT" : ""));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text class=\"celltext\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    left + j * cellW + cellW / 2,
                    30 + i * cellH + cellH / 2 + 4,
                    Boolean.TRUE.equals(c.drifted()) ? "drift" : ""));
        }
        return svg.append("</svg>").toString();
    }

    /** How far past its threshold a test is: 1 at the threshold, more when drifted. */
    private static double strength(ReportData.DriftCell c) {
        if (c.pValue() != null) {
            return Math.min(3, c.threshold() / Math.max(c.pValue(), 1e-12));
        }
        return c.statistic() == null ? 0 : Math.min(3, c.statistic() / c.threshold());
    }

    /** Deltas with their intervals around a zero line, one row per label. */
    static String forestPlot(String title, List<ReplayComparison> rows) {
        double extent = 1e-6;
        for (ReplayComparison r : rows) {
            extent = Math.max(
                    extent,
                    Math.max(
                            Math.abs(r.ciLow() == null ? r.delta() : r.ciLow()),
                            Math.abs(r.ciHigh() == null ? r.delta() : r.ciHigh())));
        }
        int rowH = 26;
        int left = 170;
        int width = 640;
        int height = 40 + rows.size() * rowH;
        Scale x = new Scale(-extent * 1.1, extent * 1.1, left, width - 20);
        StringBuilder svg = open(title, width, height);
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%s\" x2=\"%s\" y1=\"10\" y2=\"%d\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>",
                fmt(x.at(0)),
                fmt(x.at(0)),
                height - 20));
        svg.append(String.format(
                Locale.ROOT,
                "<text class=\"tick\" x=\"%s\" y=\"%d\" text-anchor=\"middle\">0 (no difference)</text>",
                fmt(x.at(0)),
                height - 4));
        for (int i = 0; i < rows.size(); i++) {
            ReplayComparison r = rows.get(i);
            int cy = 24 + i * rowH;
            String color = "better".equals(r.verdict()) ? "#2ca02c" : "worse".equals(r.verdict()) ? "#d62728" : "#555";
            svg.append(String.format(
                    Locale.ROOT,
                    "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                    left - 8,
                    cy + 4,
                    Html.escape(r.slice())));
            if (r.ciLow() != null) {
                svg.append(String.format(
                        Locale.ROOT,
                        "<line x1=\"%s\" x2=\"%s\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>",
                        fmt(x.at(r.ciLow())),
                        fmt(x.at(r.ciHigh())),
                        cy,
                        cy,
                        color));
            }
            svg.append(String.format(
                    Locale.ROOT,
                    "<circle cx=\"%s\" cy=\"%d\" r=\"5\" fill=\"%s\"><title>%s: %s %s%s</title></circle>",
                    fmt(x.at(r.delta())),
                    cy,
                    color,
                    Html.escape(r.slice()),
                    r.metric(),
                    number(r.delta()),
                    r.ciLow() == null
                            ? ""
                            : " [" + number(r.ciLow()) + ", " + number(r.ciHigh()) + "] " + r.verdict()));
        }
        return svg.append("</svg>").toString();
    }

    /**
     * The reliability diagram: each bin's positive rate against its mean score (circles sized by
     * rows), and the diagonal a calibrated model would follow.
     */
    static String reliabilityDiagram(String title, List<ReportData.ReliabilityBin> bins) {
        int size = 340;
        int margin = 48;
        Scale x = new Scale(0, 1, margin, size - 16);
        Scale y = new Scale(0, 1, size - margin, 16);
        StringBuilder svg = open(title, size, size);
        for (int t = 0; t <= 4; t++) {
            double v = t / 4.0;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%s\" x2=\"%s\" y1=\"%s\" y2=\"%s\" stroke=\"#eee\"/>"
                            + "<text class=\"tick\" x=\"%s\" y=\"%s\" text-anchor=\"end\">%s</text>"
                            + "<text class=\"tick\" x=\"%s\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    fmt(x.at(0)),
                    fmt(x.at(1)),
                    fmt(y.at(v)),
                    fmt(y.at(v)),
                    fmt(x.at(0) - 6),
                    fmt(y.at(v) + 4),
                    number(v),
                    fmt(x.at(v)),
                    size - margin + 16,
                    number(v)));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<line class=\"diagonal\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#888\""
                        + " stroke-dasharray=\"4 3\"><title>perfect calibration</title></line>"
                        + "<text class=\"tick\" x=\"%s\" y=\"%d\" text-anchor=\"middle\">mean score</text>"
                        + "<text class=\"tick\" x=\"12\" y=\"%s\" text-anchor=\"middle\" transform=\"rotate(-90 12 %s)\">"
                        + "positive rate</text>",
                fmt(x.at(0)),
                fmt(y.at(0)),
                fmt(x.at(1)),
                fmt(y.at(1)),
                fmt(x.at(0.5)),
                size - 6,
                fmt(y.at(0.5)),
                fmt(y.at(0.5))));
        long most =
                bins.stream().mapToLong(ReportData.ReliabilityBin::rows).max().orElse(1);
        StringBuilder line = new StringBuilder();
        for (ReportData.ReliabilityBin b : bins) {
            line.append(line.isEmpty() ? "" : " ")
                    .append(fmt(x.at(b.meanScore())))
                    .append(',')
                    .append(fmt(y.at(b.positiveRate())));
        }
        svg.append("<polyline fill=\"none\" stroke=\"")
                .append(PALETTE[0])
                .append("\" stroke-width=\"2\" points=\"")
                .append(line)
                .append("\"/>");
        for (ReportData.ReliabilityBin b : bins) {
            svg.append(String.format(
                    Locale.ROOT,
                    "<circle class=\"bin\" cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"%s\"><title>bin %d: mean score %s,"
                            + " positive rate %s, %,d rows</title></circle>",
                    fmt(x.at(b.meanScore())),
                    fmt(y.at(b.positiveRate())),
                    fmt(2 + 5 * Math.sqrt((double) b.rows() / most)),
                    PALETTE[0],
                    b.bin(),
                    number(b.meanScore()),
                    number(b.positiveRate()),
                    b.rows()));
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(String title, int width, int height) {
        return new StringBuilder(String.format(
                Locale.ROOT,
                "<div class=\"plot\"><svg role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\"><title>%s</title>",
                width,
                height,
                width,
                height,
                Html.escape(title)));
    }

    private static void axes(StringBuilder svg, Scale y, List<String> labels) {
        for (int t = 0; t <= 4; t++) {
            double v = y.min + (y.max - y.min) * t / 4;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%s\" y2=\"%s\" stroke=\"#eee\"/>"
                            + "<text class=\"tick\" x=\"%d\" y=\"%s\" text-anchor=\"end\">%s</text>",
                    LEFT,
                    WIDTH - RIGHT,
                    fmt(y.at(v)),
                    fmt(y.at(v)),
                    LEFT - 6,
                    fmt(y.at(v) + 4),
                    number(v)));
        }
        int step = Math.max(1, labels.size() / 8);
        for (int i = 0; i < labels.size(); i += step) {
            svg.append(String.format(
                    Locale.ROOT,
                    "<text class=\"tick\" x=\"%s\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    fmt(x(i, labels.size())),
                    HEIGHT - BOTTOM + 18,
                    Html.escape(labels.get(i)
                            .substring(0, Math.min(10, labels.get(i).length())))));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
                LEFT,
                WIDTH - RIGHT,
                HEIGHT - BOTTOM,
                HEIGHT - BOTTOM));
    }

    private static double x(int index, int count) {
        return count == 1 ? (LEFT + WIDTH - RIGHT) / 2.0 : LEFT + (WIDTH - LEFT - RIGHT) * (double) index / (count - 1);
    }

    private record Scale(double min, double max, double from, double to) {
        double at(double v) {
            return from + (v - min) / (max - min) * (to - from);
        }
    }

    private static String mix(String a, String b, double t) {
        int[] ca = rgb(a);
        int[] cb = rgb(b);
        double u = Math.max(0, Math.min(1, t));
        return String.format(
                "#%02x%02x%02x",
                (int) (ca[0] + (cb[0] - ca[0]) * u), (int) (ca[1] + (cb[1] - ca[1]) * u), (int)
                        (ca[2] + (cb[2] - ca[2]) * u));
    }

    private static int[] rgb(String hex) {
        return new int[] {
            Integer.parseInt(hex.substring(1, 3), 16),
            Integer.parseInt(hex.substring(3, 5), 16),
            Integer.parseInt(hex.substring(5, 7), 16)
        };
    }

    static String number(Double v) {
        if (v == null) {
            return "-";
        }
        boolean whole = Math.abs(v) >= 1 && v == Math.rint(v); // counts: 14, not 14.0000
        return whole || Math.abs(v) >= 1000
                ? String.format(Locale.ROOT, "%,.0f", v)
                : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}

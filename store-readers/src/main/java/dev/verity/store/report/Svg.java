package dev.verity.store.report;

import dev.verity.drift.MultivariateDrift;
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

    /**
     * One line per series over shared x labels, each with its interval as a shaded band, on round
     * ticks. Where bands of different series overlap they would hide each other: then each series
     * gets a panel of its own, all on the same scale.
     */
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
        Ticks ticks = Ticks.covering(lo, hi, 4);
        List<String> labels = new ArrayList<>(xs);
        if (series.size() < 2 || !bandsOverlap(series)) {
            return panel(title, series, 0, ticks, labels, WIDTH, HEIGHT) + legend(series);
        }
        StringBuilder panels = new StringBuilder("<div class=\"panels\">");
        int color = 0;
        for (Map.Entry<String, List<ReportData.Point>> s : series.entrySet()) {
            panels.append("<div class=\"panel\"><div class=\"panel-title\">")
                    .append(Html.escape(s.getKey()))
                    .append("</div>")
                    .append(panel(
                            title + ": " + s.getKey(),
                            Map.of(s.getKey(), s.getValue()),
                            color++,
                            ticks,
                            labels,
                            PANEL_WIDTH,
                            PANEL_HEIGHT))
                    .append("</div>");
        }
        return panels.append("</div>").toString();
    }

    /** A small multiple's size: two side by side fill the page. */
    private static final int PANEL_WIDTH = 470;

    private static final int PANEL_HEIGHT = 190;

    /** Whether two series' intervals overlap in some window they share. */
    private static boolean bandsOverlap(Map<String, List<ReportData.Point>> series) {
        List<List<ReportData.Point>> all = new ArrayList<>(series.values());
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                for (ReportData.Point a : all.get(i)) {
                    for (ReportData.Point b : all.get(j)) {
                        if (a.window().equals(b.window())
                                && a.low() != null
                                && b.low() != null
                                && a.low() <= b.high()
                                && b.low() <= a.high()) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private static String legend(Map<String, List<ReportData.Point>> series) {
        StringBuilder legend = new StringBuilder("<div class=\"legend\">");
        int color = 0;
        for (String name : series.keySet()) {
            legend.append("<span><i style=\"background:")
                    .append(PALETTE[color++ % PALETTE.length])
                    .append("\"></i>")
                    .append(Html.escape(name))
                    .append("</span>");
        }
        return legend.append("</div>").toString();
    }

    private static String panel(
            String title,
            Map<String, List<ReportData.Point>> series,
            int firstColor,
            Ticks ticks,
            List<String> labels,
            int width,
            int height) {
        Scale y = new Scale(ticks.first(), ticks.last(), height - BOTTOM, TOP);
        StringBuilder svg = open(title, width, height);
        axes(svg, y, ticks, labels, width, height);
        int color = firstColor;
        for (Map.Entry<String, List<ReportData.Point>> s : series.entrySet()) {
            String c = PALETTE[color++ % PALETTE.length];
            StringBuilder band = new StringBuilder();
            StringBuilder back = new StringBuilder();
            StringBuilder line = new StringBuilder();
            StringBuilder dots = new StringBuilder();
            for (ReportData.Point p : s.getValue()) {
                double x = x(labels.indexOf(p.window()), labels.size(), width);
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
        }
        return svg.append("</svg></div>").toString();
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
        if (c.method().equals(MultivariateDrift.METHOD)) {
            return c.statistic() == null ? 0 : Math.min(3, MultivariateDrift.strength(c.statistic()));
        }
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
        int height = 56 + rows.size() * rowH;
        // a numeric axis on round ticks, symmetric about 0, so -0.0004 does not look like -0.09
        Ticks ticks = Ticks.covering(-extent, extent, 4);
        double reach = Math.max(-ticks.first(), ticks.last());
        Scale x = new Scale(-reach, reach, left, width - 20);
        StringBuilder svg = open(title, width, height);
        int axis = height - 34;
        for (double v : ticks.values()) {
            if (Math.abs(v) <= reach + ticks.step() / 2) {
                svg.append(String.format(
                        Locale.ROOT,
                        "<line x1=\"%s\" x2=\"%s\" y1=\"10\" y2=\"%d\" stroke=\"%s\"%s/>"
                                + "<text class=\"tick axis\" x=\"%s\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                        fmt(x.at(v)),
                        fmt(x.at(v)),
                        axis,
                        v == 0 ? "#888" : "#eee",
                        v == 0 ? " stroke-dasharray=\"4 3\"" : "",
                        fmt(x.at(v)),
                        axis + 14,
                        ticks.label(v)));
            }
        }
        svg.append(String.format(
                Locale.ROOT,
                "<text class=\"tick\" x=\"%s\" y=\"%d\" text-anchor=\"middle\">difference (0: none)</text>",
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
        Ticks ticks = Ticks.covering(0, 1, 4);
        for (double v : ticks.values()) {
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
                    ticks.label(v),
                    fmt(x.at(v)),
                    size - margin + 16,
                    ticks.label(v)));
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

    private static void axes(StringBuilder svg, Scale y, Ticks ticks, List<String> labels, int width, int height) {
        for (double v : ticks.values()) {
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%s\" y2=\"%s\" stroke=\"#eee\"/>"
                            + "<text class=\"tick\" x=\"%d\" y=\"%s\" text-anchor=\"end\">%s</text>",
                    LEFT,
                    width - RIGHT,
                    fmt(y.at(v)),
                    fmt(y.at(v)),
                    LEFT - 6,
                    fmt(y.at(v) + 4),
                    ticks.label(v)));
        }
        // as many date labels as fit, 80 px apart
        int step = Math.max(1, (int) Math.ceil(labels.size() * 80.0 / (width - LEFT - RIGHT)));
        for (int i = 0; i < labels.size(); i += step) {
            svg.append(String.format(
                    Locale.ROOT,
                    "<text class=\"tick\" x=\"%s\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    fmt(x(i, labels.size(), width)),
                    height - BOTTOM + 18,
                    Html.escape(labels.get(i)
                            .substring(0, Math.min(10, labels.get(i).length())))));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
                LEFT,
                width - RIGHT,
                height - BOTTOM,
                height - BOTTOM));
    }

    private static double x(int index, int count, int width) {
        return count == 1 ? (LEFT + width - RIGHT) / 2.0 : LEFT + (width - LEFT - RIGHT) * (double) index / (count - 1);
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

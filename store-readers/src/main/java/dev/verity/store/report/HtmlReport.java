package dev.verity.store.report;

import static dev.verity.store.report.Html.escape;
import static dev.verity.store.report.Svg.number;

import dev.verity.drift.loss.FindingKind;
import dev.verity.metrics.UnpairedComparison;
import dev.verity.metrics.beyondaccuracy.BeyondAccuracy;
import dev.verity.metrics.estimate.ConfidenceBasedEstimate;
import dev.verity.store.ExplanationRecord;
import dev.verity.store.FairnessRecord;
import dev.verity.store.ReplayComparison;
import dev.verity.store.SliceRecord;
import dev.verity.store.SwitchbackRecord;
import dev.verity.store.advise.RetrainAdvice;
import dev.verity.store.anomaly.Anomalies;
import dev.verity.store.canary.CanaryAnalysis;
import dev.verity.store.prometheus.LabelValue;
import dev.verity.store.prometheus.PrometheusView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML page (inline CSS and SVG, no script, no network) of what the store
 * holds: retrain advice, each model's primary metric over time per slice with its interval,
 * the worst slices, a drift heat map, monitor findings and replay summaries.
 */
public final class HtmlReport {
    private static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1000px;color:#222;padding:0 16px}
            h1{font-size:24px;margin-bottom:2px}h2{font-size:19px;margin-top:36px;border-bottom:1px solid #ddd;padding-bottom:4px}
            h3{font-size:15px;margin:22px 0 6px}.meta{color:#666}
            table{border-collapse:collapse;margin:8px 0}td,th{padding:4px 10px;border-bottom:1px solid #eee;text-align:left}
            td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}th{background:#f6f6f6}
            .advice{border-left:6px solid #999;background:#fafafa;padding:8px 14px;margin:10px 0}
            .advice.rollback{border-color:#d62728}.advice.retrain{border-color:#d62728}.advice.watch{border-color:#ff7f0e}.advice.no_action{border-color:#2ca02c}
            .action{font-weight:bold;text-transform:uppercase}.plot svg{max-width:100%;height:auto}
            .tick{font-size:11px;fill:#555}.celltext{font-size:11px;fill:#fff;font-weight:bold}
            .legend span{margin-right:14px;white-space:nowrap}.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}
            .empty{color:#888;font-style:italic}.changed{color:#d62728}
            .panels{display:flex;flex-wrap:wrap;gap:8px}.panel{flex:1 1 440px;min-width:0}.panel-title{font-size:12px;color:#444}
            table{display:block;overflow-x:auto;max-width:100%}
            """;

    /** Kinds that mean lost data, shown before the data-quality kinds. */
    private static final int FINDINGS_PER_KIND = 5;

    private HtmlReport() {}

    /** Writes the page to {@code out}, creating its folder. */
    public static void write(ReportData data, java.nio.file.Path out) throws java.io.IOException {
        if (out.getParent() != null) {
            java.nio.file.Files.createDirectories(out.getParent());
        }
        java.nio.file.Files.writeString(out, render(data), java.nio.charset.StandardCharsets.UTF_8);
    }

    public static String render(ReportData data) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Verity report</title><style>")
                .append(STYLE)
                .append("</style></head><body>")
                .append("<h1>Verity report</h1><p class=\"meta\">Store ")
                .append(escape(data.store()))
                .append(", generated ")
                .append(data.generatedAt())
                .append(". Hover a point or cell for its numbers.</p>");
        advice(html, data.advice());
        quality(html, data.models());
        anomalies(html, data.anomalies());
        drift(html, data);
        findings(html, data);
        canary(html, data.canary());
        slices(html, data.slices());
        fairness(html, data.fairness());
        switchback(html, data.switchback());
        explanations(html, data.explanations());
        estimates(html, data.estimates());
        replay(html, data.replay());
        shortenedNames(html, data.shortenedNames());
        return html.append("</body></html>\n").toString();
    }

    private static void advice(StringBuilder html, List<RetrainAdvice.Advice> advice) {
        html.append("<section id=\"advice\"><h2>Retrain advice</h2>");
        if (advice.isEmpty()) {
            html.append("<p class=\"empty\">No models in the store.</p>");
        }
        for (RetrainAdvice.Advice a : advice) {
            html.append("<div class=\"advice ")
                    .append(a.action().label())
                    .append("\"><span class=\"action\">")
                    .append(a.action().label().replace('_', ' '))
                    .append("</span> ")
                    .append(escape(a.model()))
                    .append(' ')
                    .append(escape(a.version() == null ? "" : a.version()))
                    .append(": ")
                    .append(escape(a.why()))
                    .append("<ul>");
            a.evidence().forEach(e -> html.append("<li>").append(escape(e)).append("</li>"));
            html.append("</ul></div>");
        }
        html.append("</section>");
    }

    private static void quality(StringBuilder html, List<ReportData.ModelQuality> models) {
        html.append("<section id=\"quality\"><h2>Model quality over time</h2>");
        if (models.isEmpty()) {
            html.append("<p class=\"empty\">No metrics in the store.</p>");
        }
        for (ReportData.ModelQuality m : models) {
            String name = escape(m.model() + " " + m.version());
            html.append("<h3>")
                    .append(name)
                    .append(": ")
                    .append(escape(m.metric()))
                    .append(" per slice")
                    .append(
                            m.series().values().stream()
                                            .anyMatch(p -> p.stream().anyMatch(x -> x.low() != null))
                                    ? ", shaded: its 95% DeLong interval"
                                    : "")
                    .append("</h3>")
                    .append(Svg.lineChart(m.model() + " " + m.metric() + " over time", m.series()));
            if (!m.provisionalWindows().isEmpty()) {
                html.append("<p class=\"meta\">Provisional (labels that count for them can still arrive, so their "
                                + "values can still move): ")
                        .append(escape(String.join(", ", m.provisionalWindows())))
                        .append("</p>");
            }
            if (!m.worstSlices().isEmpty()) {
                html.append("<h3>")
                        .append(name)
                        .append(": worst slices by ")
                        .append(escape(m.metric()))
                        .append(" (")
                        .append(escape(m.worstWindow()))
                        .append(")</h3>");
                HtmlTable table = new HtmlTable("slice", m.metric(), "95% interval", "rows");
                for (Map.Entry<String, ReportData.Point> e : m.worstSlices()) {
                    ReportData.Point p = e.getValue();
                    table.row(text(e.getKey()), num(p.value()), interval(p.low(), p.high()), count(p.n()));
                }
                html.append(table);
            }
            if (!m.beyondAccuracy().isEmpty()) {
                html.append("<h3>")
                        .append(name)
                        .append(": beyond accuracy, all traffic (")
                        .append(escape(m.worstWindow()))
                        .append(")</h3>");
                List<String> header = new ArrayList<>(List.of("K"));
                BeyondAccuracy.FAMILIES.forEach(f -> header.add(f.substring(0, f.indexOf('@'))));
                HtmlTable table = new HtmlTable(header.toArray(String[]::new));
                m.beyondAccuracy().forEach((k, values) -> {
                    List<HtmlTable.Cell> cells = new ArrayList<>(List.of(num(Integer.toString(k))));
                    BeyondAccuracy.FAMILIES.forEach(f -> cells.add(num(values.get(f))));
                    table.row(cells.toArray(HtmlTable.Cell[]::new));
                });
                html.append(table);
            }
            if (!m.reliability().isEmpty()) {
                html.append("<h3>")
                        .append(name)
                        .append(": reliability diagram, all traffic (")
                        .append(escape(m.worstWindow()))
                        .append("; ECE ")
                        .append(number(m.ece()))
                        .append(")</h3>")
                        .append(Svg.reliabilityDiagram(
                                m.model() + " " + m.version() + " reliability diagram", m.reliability()));
            }
        }
        html.append("</section>");
    }

    /** Each series with an anomalous window, drawn with the band its seasonal history gave every judged window. */
    private static void anomalies(StringBuilder html, ReportData.Anomalous anomalies) {
        html.append("<section id=\"anomalies\"><h2>Anomalies: windows outside their seasonal band</h2>");
        if (anomalies.judged() == 0) {
            html.append("<p class=\"empty\">No final window has the history of its season to be judged yet.</p>");
            html.append("</section>");
            return;
        }
        html.append(String.format(
                Locale.ROOT,
                "<p>%,d final windows judged against the earlier windows of their season (median and MAD, widened "
                        + "by the window's own standard error); %,d anomalous at a false discovery rate of %s "
                        + "across all of them (Benjamini-Hochberg).</p>",
                anomalies.judged(),
                anomalies.anomalous(),
                number(Anomalies.DEFAULT_FDR)));
        List<ReportData.AnomalousSeries> drawn = anomalies.series().stream()
                .limit(ReportData.ANOMALOUS_SERIES_DRAWN)
                .toList();
        for (ReportData.AnomalousSeries s : drawn) {
            String name = s.model() + " " + s.version() + ": " + s.metric() + " on " + s.slice();
            html.append("<h3>")
                    .append(escape(name))
                    .append(" (season: ")
                    .append(escape(s.season().replace('_', ' ')))
                    .append("; shaded: the band)</h3>")
                    .append(Svg.lineChart(name, Map.of(s.slice(), s.points())));
        }
        if (anomalies.series().size() > drawn.size()) {
            html.append(String.format(
                    Locale.ROOT,
                    "<p class=\"meta\">%d more series with an anomalous window: verity anomalies --only-anomalous "
                            + "lists them all.</p>",
                    anomalies.series().size() - drawn.size()));
        }
        HtmlTable table =
                new HtmlTable("model", "version", "slice", "metric", "window", "value", "expected", "band", "q");
        anomalies.series().stream()
                .flatMap(s -> s.flagged().stream())
                .forEach(j -> table.row(
                        text(j.window().model()),
                        text(j.window().modelVersion()),
                        text(j.window().slice()),
                        text(j.window().metric()),
                        text(ReportData.label(j.window().windowStart())),
                        num(j.window().value()),
                        num(j.expected()),
                        interval(j.low(), j.high()),
                        num(String.format(Locale.ROOT, "%.2g", j.qValue()))));
        html.append(table).append("</section>");
    }

    private static void drift(StringBuilder html, ReportData data) {
        html.append("<section id=\"drift\"><h2>Feature drift</h2>");
        if (data.drift().isEmpty()) {
            html.append("<p class=\"empty\">No drift results in the store.</p>");
        } else {
            html.append(
                    "<p>Red: drifted (darker: further past the threshold); green: not drifted (darker: closer to it).</p>");
        }
        for (ReportData.DriftMap map : data.drift()) {
            String model = map.model() == null ? "data that named no model" : map.model();
            html.append("<h3>")
                    .append(escape(model))
                    .append(": ")
                    .append(escape(map.title()))
                    .append("</h3>")
                    .append(Svg.heatMap("Drift heat map of " + model, map.cells()));
        }
        html.append("</section>");
    }

    private static void findings(StringBuilder html, ReportData data) {
        html.append(
                "<section id=\"findings\"><h2>Data-loss and quality findings (each model's latest monitor run)</h2>");
        if (data.findings().isEmpty()) {
            html.append(
                    "<p class=\"empty\">No findings: the latest monitor run found the log clean, or none ran with --store.</p>");
        } else {
            HtmlTable counts = new HtmlTable("model", "kind", "findings");
            data.findingCounts()
                    .forEach((model, byKind) -> byKind.forEach(
                            (kind, count) -> counts.row(text(model), text(kind), num(String.valueOf(count)))));
            HtmlTable first = new HtmlTable("model", "kind", "window", "column", "observed", "expected", "detail");
            Map<String, Integer> shown = new java.util.HashMap<>();
            data.findings().stream()
                    .sorted(java.util.Comparator.comparing(
                            f -> !FindingKind.ofId(f.kind()).isDataLoss())) // data loss first
                    .filter(f -> shown.merge(f.model() + "|" + f.kind(), 1, Integer::sum) <= FINDINGS_PER_KIND)
                    .forEach(f -> first.row(
                            text(f.model()),
                            text(f.kind()),
                            text(f.window()),
                            text(f.column()),
                            num(f.observed()),
                            num(f.expected()),
                            text(f.detail())));
            html.append(counts)
                    .append("<h3>The first findings of each model and kind, data loss first</h3>")
                    .append(first);
        }
        html.append("</section>");
    }

    /** Each model and slice's latest explain run: the features by the share of the change they account for. */
    private static void explanations(StringBuilder html, List<ExplanationRecord> rows) {
        html.append("<section id=\"explanations\"><h2>What explains the change</h2>");
        if (rows.isEmpty()) {
            html.append("<p class=\"empty\">No explain run in the store (verity explain --store).</p>");
        } else {
            html.append("<p>From the latest <code>verity explain</code> run of each model and slice: <em>share</em> "
                    + "is the part of the loss change that reweighting the reference to the feature's window "
                    + "distribution reproduces; <em>correlation</em> is that of the feature's PSI with the loss "
                    + "change over the windows.</p>");
            HtmlTable table = new HtmlTable(
                    "model",
                    "slice",
                    "reference",
                    "window",
                    "feature",
                    "metric",
                    "reference value",
                    "window value",
                    "share",
                    "PSI",
                    "correlation");
            for (ExplanationRecord r : rows) {
                table.row(
                        text(r.model()),
                        text(r.slice()),
                        text(period(r.referenceStart(), r.referenceEnd())),
                        text(period(r.windowStart(), r.windowEnd())),
                        text(r.feature()),
                        text(r.metric()),
                        num(r.referenceValue()),
                        num(r.windowValue()),
                        num(r.share()),
                        num(r.psi()),
                        num(r.correlation()));
            }
            html.append(table);
        }
        html.append("</section>");
    }

    /** The names serve exports cut short, so a reader can match a Prometheus series to the report; none: no section. */
    private static void shortenedNames(StringBuilder html, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        html.append("<section id=\"shortened\"><h2>Names shortened in the Prometheus export</h2><p>")
                .append(names.size())
                .append(names.size() == 1 ? " name is" : " names are")
                .append(" longer than ")
                .append(LabelValue.MAX_BYTES)
                .append(" bytes; <code>serve</code> exports each as its start and a hash of the whole (counted by "
                        + "<code>")
                .append(PrometheusView.LABEL_VALUES_SHORTENED)
                .append("</code>):</p><ul>");
        names.forEach(n -> html.append("<li><code>").append(escape(n)).append("</code></li>"));
        html.append("</ul></section>");
    }

    /** The estimated AUC of each window beside its realized AUC, for the windows whose labels are delayed. */
    private static void estimates(StringBuilder html, List<ReportData.Estimate> rows) {
        html.append("<section id=\"estimates\"><h2>Estimated AUC while labels are delayed</h2>");
        if (rows.isEmpty()) {
            html.append("<p class=\"empty\">No estimates in the store (verity estimate --store).</p>");
        } else {
            html.append("<p>From the calibrated scores (<code>verity estimate</code>), all traffic; the realized "
                    + "AUC stands beside once <code>evaluate</code> has the window. The estimate assumes that "
                    + "labels follow scores as in the reference period: it follows a shift in the features, not "
                    + "a change in how labels follow scores. Where the labels that did arrive contradict it "
                    + "(beyond a 99% interval, on at least " + ConfidenceBasedEstimate.MIN_LABELLED
                    + " labelled rows) the window says <b>relation changed</b>: the estimate no longer holds.</p>");
            HtmlTable table = new HtmlTable(
                    "model", "version", "window", "estimated AUC [95% interval]", "realized AUC", "labels so far");
            for (ReportData.Estimate e : rows) {
                table.row(
                        text(e.model()),
                        text(e.version()),
                        text(e.window()),
                        num(number(e.estimated()) + " "
                                + interval(e.low(), e.high()).html()),
                        num(e.realized()),
                        markup(
                                e.relationChanged() == null
                                        ? "-"
                                        : e.relationChanged()
                                                ? "<b class=\"changed\">relation changed: the estimate no longer holds</b>"
                                                : "agree"));
            }
            html.append(table);
        }
        html.append("</section>");
    }

    private static String period(java.sql.Timestamp start, java.sql.Timestamp end) {
        return start.toInstant().toString().substring(0, 10) + " to "
                + end.toInstant().toString().substring(0, 10);
    }

    /** The worst slices each model's latest slices run found, per version and window. */
    private static void slices(StringBuilder html, List<SliceRecord> rows) {
        html.append("<section id=\"slices\"><h2>Worst slices found</h2>");
        if (rows.isEmpty()) {
            html.append("<p class=\"empty\">No slices run in the store (verity slices --store).</p>");
        } else {
            html.append("<p>Found by the latest <code>verity slices</code> run of each model; the interval is "
                    + "at 95% jointly over every slice the search evaluated (Bonferroni).</p>");
            HtmlTable table = new HtmlTable(
                    "model",
                    "version",
                    "window",
                    "slice",
                    "rows",
                    "metric",
                    "slice",
                    "rest",
                    "delta [95% interval]",
                    "AUC",
                    "AUC of the window");
            for (SliceRecord r : rows) {
                table.row(
                        text(r.model()),
                        text(r.modelVersion()),
                        text(r.windowStart().toInstant().toString().substring(0, 10)),
                        text(r.slice()),
                        num(String.valueOf(r.rows())),
                        text(r.metric()),
                        num(r.value()),
                        num(r.restValue()),
                        num(number(r.delta()) + " "
                                + interval(r.ciLow(), r.ciHigh()).html()),
                        num(r.auc()),
                        num(r.aucAll()));
            }
            html.append(table);
        }
        html.append("</section>");
    }

    /**
     * Each live canary against its baseline version, per slice and metric, in the window its
     * verdict is about: the worse and better rows in sight, the rest behind a details element.
     */
    private static void canary(StringBuilder html, List<CanaryAnalysis.Result> rows) {
        html.append("<section id=\"canary\"><h2>Live canaries against their baseline versions</h2>");
        if (rows.isEmpty()) {
            html.append("<p class=\"empty\">No model has two versions in its latest window.</p>");
        } else {
            html.append("<p class=\"meta\">Judged on ")
                    .append(escape(rows.stream()
                            .map(r -> r.model() + " " + r.window().start().toInstant() + " to "
                                    + r.window().end().toInstant())
                            .distinct()
                            .collect(java.util.stream.Collectors.joining(", "))))
                    .append(": ")
                    .append(escape(CanaryAnalysis.VERDICT_WINDOW_RULE))
                    .append(".</p>");
            List<CanaryAnalysis.Result> notable =
                    rows.stream().filter(r -> r.verdict().notable()).toList();
            List<CanaryAnalysis.Result> rest =
                    rows.stream().filter(r -> !r.verdict().notable()).toList();
            if (notable.isEmpty()) {
                html.append("<p>No slice is significantly better or worse.</p>");
            } else {
                canaryTable(html, notable);
            }
            if (!rest.isEmpty()) {
                html.append("<details><summary>")
                        .append(String.format(
                                Locale.ROOT,
                                "%,d more comparisons: indistinguishable, too few canary rows or undefined",
                                rest.size()))
                        .append("</summary>");
                canaryTable(html, rest);
                html.append("</details>");
            }
        }
        html.append("</section>");
    }

    private static void canaryTable(StringBuilder html, List<CanaryAnalysis.Result> rows) {
        HtmlTable table = new HtmlTable(
                "model",
                "candidate vs baseline",
                "slice",
                "metric",
                "baseline",
                "candidate",
                "delta [95% interval]",
                "verdict",
                "min detectable",
                "rows (candidate / baseline)");
        for (CanaryAnalysis.Result r : rows) {
            UnpairedComparison c = r.comparison();
            table.row(
                    r.verdict().label(),
                    text(r.model()),
                    text(r.candidate() + " vs " + r.baseline()),
                    text(r.slice()),
                    text(r.metric()),
                    num(r.baselineValue()),
                    num(r.candidateValue()),
                    c == null
                            ? HtmlTable.Cell.num(r.reason())
                            : num(number(c.delta()) + " "
                                    + interval(c.ciLow(), c.ciHigh()).html()),
                    text(r.verdict().label()),
                    c == null ? num("-") : num(c.minDetectable()),
                    num(String.format(Locale.ROOT, "%,d / %,d", r.nCandidate(), r.nBaseline())));
        }
        html.append(table);
    }

    private static void replay(StringBuilder html, List<ReplayComparison> rows) {
        html.append("<section id=\"replay\"><h2>Replays</h2>");
        if (rows.isEmpty()) {
            html.append("<p class=\"empty\">No replays in the store.</p>");
        }
        rows.stream()
                .map(r -> r.model() + "|" + r.baseline() + "|" + r.candidate())
                .distinct()
                .forEach(key -> {
                    List<ReplayComparison> group = rows.stream()
                            .filter(r -> key.equals(r.model() + "|" + r.baseline() + "|" + r.candidate()))
                            .toList();
                    ReplayComparison first = group.get(0);
                    html.append("<h3>")
                            .append(escape(first.model()))
                            .append(": ")
                            .append(escape(first.candidate()))
                            .append(" against ")
                            .append(escape(first.baseline()))
                            .append("</h3>");
                    HtmlTable table = new HtmlTable(
                            "slice",
                            "metric",
                            first.baseline(),
                            first.candidate(),
                            "delta",
                            "95% interval",
                            "verdict",
                            "rows");
                    for (ReplayComparison r : group) {
                        table.row(
                                text(r.slice()),
                                text(r.metric()),
                                num(r.baselineValue()),
                                num(r.candidateValue()),
                                num(r.delta()),
                                interval(r.ciLow(), r.ciHigh()),
                                text(r.verdict()),
                                count(r.n()));
                    }
                    html.append(table);
                    List<ReplayComparison> auc = group.stream()
                            .filter(r -> r.metric().equals("auc") && r.delta() != null)
                            .toList();
                    if (!auc.isEmpty()) {
                        html.append(Svg.forestPlot(first.candidate() + " minus " + first.baseline() + ", AUC", auc));
                    }
                });
        html.append("</section>");
    }

    /**
     * Per model and protected attribute, each group's rates and gaps to the reference group in the
     * latest window of the latest fairness run; a significant gap's row is marked.
     */
    private static void fairness(StringBuilder html, List<FairnessRecord> rows) {
        html.append("<section id=\"fairness\"><h2>Fairness</h2>");
        if (rows.isEmpty()) {
            html.append("<p class=\"empty\">No fairness run in the store (verity fairness --store).</p>");
        } else {
            html.append("<p>The latest window of the latest <code>verity fairness</code> run of each model and "
                    + "attribute: each group's rates with Wilson intervals (AUC: DeLong), and its gaps to the reference "
                    + "group (the group's value minus the reference's) with Newcombe's intervals (the ratio: Katz's); "
                    + "a gap is significant when its 95% interval excludes no gap.</p>");
            Map<String, List<FairnessRecord>> byAttribute = new LinkedHashMap<>();
            rows.forEach(r -> byAttribute
                    .computeIfAbsent(
                            r.model() + ": " + r.attribute() + " (reference group " + r.referenceGroup() + ")",
                            k -> new ArrayList<>())
                    .add(r));
            byAttribute.forEach((title, measures) -> {
                html.append("<h3>").append(escape(title)).append("</h3>");
                HtmlTable table = new HtmlTable(
                        "version", "window", "group", "rows", "measure", "value", "95% interval", "significant");
                for (FairnessRecord r : measures) {
                    table.row(
                            Boolean.TRUE.equals(r.significant()) ? "worse" : null,
                            text(r.modelVersion()),
                            text(period(r.windowStart(), r.windowEnd())),
                            text(r.group()),
                            count(r.rows()),
                            text(r.measure()),
                            num(r.value()),
                            interval(r.ciLow(), r.ciHigh()),
                            yesNo(r.significant()));
                }
                html.append(table);
            });
        }
        html.append("</section>");
    }

    /** The latest verdict of each switch-back test: the effect over the periods, judged per period. */
    private static void switchback(StringBuilder html, List<SwitchbackRecord> rows) {
        html.append("<section id=\"switchback\"><h2>Switch-back tests</h2>");
        if (rows.isEmpty()) {
            html.append("<p class=\"empty\">No switch-back test in the store (verity switchback --store).</p>");
        } else {
            html.append("<p>The latest <code>verity switchback</code> verdict of each model, pair of versions and "
                    + "metric: the effect is the treatment's metric minus the control's over the periods each served "
                    + "(each period's first minutes dropped), with Welch's 95% interval and p-value on the period "
                    + "means and the permutation test's p-value over the periods' assignment.</p>");
            HtmlTable table = new HtmlTable(
                    "model",
                    "control",
                    "treatment",
                    "metric",
                    "periods",
                    "periods (control / treatment)",
                    "burn-in rows dropped",
                    "control",
                    "treatment",
                    "effect",
                    "95% interval",
                    "p-value",
                    "permutation p",
                    "significant",
                    "warning");
            for (SwitchbackRecord r : rows) {
                table.row(
                        text(r.model()),
                        text(r.control()),
                        text(r.treatment()),
                        text(r.metric()),
                        text(period(r.windowStart(), r.windowEnd())),
                        text(r.periodsControl() + " / " + r.periodsTreatment()),
                        count(r.rowsDroppedBurnIn()),
                        num(r.controlValue()),
                        num(r.treatmentValue()),
                        num(r.effect()),
                        interval(r.ciLow(), r.ciHigh()),
                        num(r.pValue()),
                        num(r.permutationPValue()),
                        yesNo(r.significant()),
                        text(r.warning() == null ? "" : r.warning()));
            }
            html.append(table);
        }
        html.append("</section>");
    }

    private static HtmlTable.Cell text(String text) {
        return HtmlTable.Cell.text(text);
    }

    /** "yes", "no", or empty when there is no answer. */
    private static HtmlTable.Cell yesNo(Boolean answer) {
        return text(answer == null ? "" : answer ? "yes" : "no");
    }

    private static HtmlTable.Cell num(String formatted) {
        return HtmlTable.Cell.num(formatted);
    }

    private static HtmlTable.Cell num(Double value) {
        return HtmlTable.Cell.num(number(value));
    }

    private static HtmlTable.Cell markup(String html) {
        return HtmlTable.Cell.markup(html);
    }

    private static HtmlTable.Cell count(long n) {
        return HtmlTable.Cell.num(String.format(Locale.ROOT, "%,d", n));
    }

    /** "[low, high]", or "-" without an interval. */
    private static HtmlTable.Cell interval(Double low, Double high) {
        return HtmlTable.Cell.num(low == null ? "-" : "[" + number(low) + ", " + number(high) + "]");
    }
}

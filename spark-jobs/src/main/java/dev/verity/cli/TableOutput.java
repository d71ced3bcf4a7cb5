package dev.verity.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.verity.store.BadInputException;
import dev.verity.store.NamedValues;
import java.io.PrintWriter;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import scala.collection.Map;

/**
 * Prints rows as CSV, as a JSON array of objects, as JSON lines, or as an aligned table for people.
 * Timestamps print as ISO-8601 UTC instants; CSV and JSON keep full double precision.
 */
public final class TableOutput {
    private static final ObjectWriter JSON_ARRAY = new ObjectMapper().writerWithDefaultPrettyPrinter();
    private static final ObjectWriter JSON_LINE = new ObjectMapper().writer();

    private final List<String> columns;
    private final List<List<Object>> rows = new ArrayList<>();

    public TableOutput(List<String> columns) {
        this.columns = columns;
    }

    /** Rows with a schema are read by column name; rows without one, by position. */
    public static TableOutput of(List<String> columns, List<Row> sparkRows) {
        TableOutput table = new TableOutput(columns);
        for (Row row : sparkRows) {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                values.add(plain(row.get(row.schema() == null ? i : row.fieldIndex(columns.get(i)))));
            }
            table.rows.add(values);
        }
        return table;
    }

    /** Records' values by column name. */
    public static TableOutput ofNamed(List<String> columns, List<NamedValues> records) {
        TableOutput table = new TableOutput(columns);
        records.forEach(r ->
                table.rows.add(r.in(columns).stream().map(TableOutput::plain).toList()));
        return table;
    }

    public TableOutput add(Object... values) {
        List<Object> row = new ArrayList<>();
        for (Object v : values) {
            row.add(plain(v));
        }
        rows.add(row);
        return this;
    }

    public void print(OutputFormat format, PrintWriter out) {
        switch (format) {
            case CSV -> {
                out.println(String.join(",", columns));
                printRows(format, out);
            }
            case JSON -> out.println(json(JSON_ARRAY, objects()));
            case JSONL -> printRows(format, out);
            case TABLE -> printTable(out);
            case OPENMETRICS ->
                throw new BadInputException(
                        "--format openmetrics: only verity metrics writes OpenMetrics (its windows' history)");
        }
        out.flush();
    }

    /** A table of one row (a run's accounting): as {@link #print}, but JSON is that row's object, not an array. */
    public void printOne(OutputFormat format, PrintWriter out) {
        if (rows.size() != 1) {
            throw new IllegalStateException("printOne needs exactly one row, got " + rows.size());
        }
        if (format == OutputFormat.JSON) {
            out.println(json(JSON_ARRAY, objects().get(0)));
            out.flush();
        } else {
            print(format, out);
        }
    }

    /** The rows alone, each on its own line, as csv (no header) or jsonl: for output streamed in pieces. */
    public void printRows(OutputFormat format, PrintWriter out) {
        switch (format) {
            case CSV ->
                rows.forEach(row -> out.println(
                        String.join(",", row.stream().map(TableOutput::csvCell).toList())));
            case JSONL -> objects().forEach(o -> out.println(json(JSON_LINE, o)));
            default -> throw new IllegalArgumentException(format + " output needs every row at once");
        }
    }

    private List<java.util.Map<String, Object>> objects() {
        List<java.util.Map<String, Object>> objects = new ArrayList<>();
        for (List<Object> row : rows) {
            java.util.Map<String, Object> object = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                object.put(columns.get(i), row.get(i));
            }
            objects.add(object);
        }
        return objects;
    }

    private static String json(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The widest a table for people may be: a terminal of 120 columns. */
    static final int MAX_WIDTH = 120;

    /** The narrowest a wrapped column gets. */
    private static final int MIN_WRAPPED = 24;

    /**
     * As {@link #print}, but a table for people shows only the first {@code top} rows and a line
     * counting the rest ({@code more} says where to find them); the other formats print every row.
     */
    public void printTop(OutputFormat format, PrintWriter out, int top, String more) {
        if (format != OutputFormat.TABLE || rows.size() <= top) {
            print(format, out);
            return;
        }
        TableOutput first = new TableOutput(columns);
        first.rows.addAll(rows.subList(0, top));
        first.printTable(out);
        out.printf(Locale.ROOT, "... %,d more (%s)%n", rows.size() - top, more);
        out.flush();
    }

    /**
     * An aligned table within {@link #MAX_WIDTH} columns: a column no row has a value in is left
     * out (and named below), and the widest text column wraps at spaces when the rest would not fit.
     */
    private void printTable(PrintWriter out) {
        List<Integer> shown = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            int column = i;
            if (rows.isEmpty() || rows.stream().anyMatch(r -> r.get(column) != null)) {
                shown.add(i);
            } else {
                empty.add(columns.get(i));
            }
        }
        List<String> header = shown.stream().map(columns::get).toList();
        List<List<String>> cells = new ArrayList<>();
        List<List<Object>> raw = new ArrayList<>();
        for (List<Object> row : rows) {
            cells.add(shown.stream().map(i -> humanCell(row.get(i))).toList());
            raw.add(shown.stream().map(row::get).toList());
        }
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : cells) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        int wrapped = wrappedColumn(widths, raw);
        out.println(line(header, widths, null));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
        }
        out.println(rule);
        for (int r = 0; r < cells.size(); r++) {
            List<String> row = cells.get(r);
            List<String> pieces = wrapped < 0 ? List.of() : wrap(row.get(wrapped), widths[wrapped]);
            for (int piece = 0; piece < Math.max(1, pieces.size()); piece++) {
                List<String> shownRow = new ArrayList<>();
                for (int i = 0; i < row.size(); i++) {
                    shownRow.add(i == wrapped ? pieces.get(piece) : piece == 0 ? row.get(i) : "");
                }
                out.println(line(shownRow, widths, piece == 0 ? raw.get(r) : null));
            }
        }
        if (rows.isEmpty()) {
            out.println("(no rows)");
        }
        if (!empty.isEmpty()) {
            out.println("(no values in " + String.join(", ", empty) + ")");
        }
    }

    /**
     * When the table is wider than {@link #MAX_WIDTH}: the widest column of prose, narrowed in
     * {@code widths} so the table fits (not below {@link #MIN_WRAPPED}); else -1.
     */
    private static int wrappedColumn(int[] widths, List<List<Object>> raw) {
        int total = java.util.Arrays.stream(widths).sum() + 2 * (widths.length - 1);
        int widest = -1;
        for (int i = 0; i < widths.length; i++) {
            int column = i;
            // prose wraps; an identifier (no spaces) cut in pieces would be unreadable
            boolean text = raw.stream().noneMatch(r -> r.get(column) instanceof Number)
                    && raw.stream().anyMatch(r -> String.valueOf(r.get(column)).contains(" "));
            if (text && widths[i] > MIN_WRAPPED && (widest < 0 || widths[i] > widths[widest])) {
                widest = i;
            }
        }
        if (total <= MAX_WIDTH || widest < 0) {
            return -1;
        }
        widths[widest] = Math.max(MIN_WRAPPED, widths[widest] - (total - MAX_WIDTH));
        return widest;
    }

    /** {@code text} in lines of at most {@code width}, broken at spaces (a longer word is cut). */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            while (word.length() > width) {
                if (line.length() > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                lines.add(word.substring(0, width));
                word = word.substring(width);
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    private static String line(List<String> cells, int[] widths, List<Object> raw) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            boolean numeric = raw != null && raw.get(i) instanceof Number;
            String cell = cells.get(i);
            String padded = numeric
                    ? " ".repeat(widths[i] - cell.length()) + cell
                    : cell + " ".repeat(widths[i] - cell.length());
            sb.append(i == 0 ? "" : "  ").append(padded);
        }
        return sb.toString().stripTrailing();
    }

    private static Object plain(Object v) {
        if (v instanceof Timestamp t) {
            return t.toInstant().toString();
        }
        if (v instanceof Map<?, ?> map) {
            return new TreeMap<>(scala.jdk.javaapi.CollectionConverters.asJava(map));
        }
        if (v instanceof java.util.Map<?, ?> map) {
            return new TreeMap<>(map);
        }
        return v;
    }

    private static String csvCell(Object v) {
        if (v == null) {
            return "";
        }
        String s = v instanceof java.util.Map<?, ?> map
                ? map.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .reduce((a, b) -> a + ";" + b)
                        .orElse("")
                : v.toString();
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String humanCell(Object v) {
        if (v == null) {
            return "-";
        }
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "%.4f", d);
        }
        if (v instanceof Long || v instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
        }
        return v.toString();
    }
}

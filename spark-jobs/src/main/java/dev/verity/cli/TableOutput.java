package dev.verity.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.verity.jobs.BadInputException;
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

    private void printTable(PrintWriter out) {
        List<List<String>> cells = new ArrayList<>();
        for (List<Object> row : rows) {
            cells.add(row.stream().map(TableOutput::humanCell).toList());
        }
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = columns.get(i).length();
            for (List<String> row : cells) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        out.println(line(columns, widths, null));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
        }
        out.println(rule);
        for (int r = 0; r < cells.size(); r++) {
            out.println(line(cells.get(r), widths, rows.get(r)));
        }
        if (rows.isEmpty()) {
            out.println("(no rows)");
        }
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

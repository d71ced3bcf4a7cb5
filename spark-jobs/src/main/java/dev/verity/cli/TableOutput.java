package dev.verity.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.verity.jobs.BadInputException;
import org.apache.spark.sql.Row;
import scala.collection.Map;

import java.io.PrintStream;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Prints rows as CSV, as a JSON array of objects, or as an aligned table for people.
 * Timestamps print as ISO-8601 UTC instants; CSV and JSON keep full double precision.
 */
public final class TableOutput {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final List<String> columns;
    private final List<List<Object>> rows = new ArrayList<>();

    public TableOutput(List<String> columns) {
        this.columns = columns;
    }

    public static TableOutput of(List<String> columns, List<Row> sparkRows) {
        TableOutput table = new TableOutput(columns);
        for (Row row : sparkRows) {
            List<Object> values = new ArrayList<>();
            for (String column : columns) {
                values.add(plain(row.get(row.fieldIndex(column))));
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

    public static void checkFormat(String format) {
        if (!List.of("csv", "json", "table").contains(format)) {
            throw new BadInputException("--format: '" + format + "' is not one of csv, json, table");
        }
    }

    public void print(String format, PrintStream out) {
        switch (format) {
            case "csv" -> printCsv(out);
            case "json" -> printJson(out);
            case "table" -> printTable(out);
            default -> throw new BadInputException("--format: '" + format + "' is not one of csv, json, table");
        }
    }

    private void printCsv(PrintStream out) {
        out.println(String.join(",", columns));
        for (List<Object> row : rows) {
            List<String> cells = new ArrayList<>();
            for (Object v : row) {
                cells.add(csvCell(v));
            }
            out.println(String.join(",", cells));
        }
    }

    private void printJson(PrintStream out) {
        List<java.util.Map<String, Object>> objects = new ArrayList<>();
        for (List<Object> row : rows) {
            java.util.Map<String, Object> object = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                object.put(columns.get(i), row.get(i));
            }
            objects.add(object);
        }
        try {
            out.println(JSON.writeValueAsString(objects));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void printTable(PrintStream out) {
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
            String padded = numeric ? " ".repeat(widths[i] - cell.length()) + cell : cell + " ".repeat(widths[i] - cell.length());
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
        String s = v instanceof java.util.Map<?, ?> map ? map.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + ";" + b).orElse("") : v.toString();
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

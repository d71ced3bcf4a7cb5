package dev.verity.jobs.pairs;

import dev.verity.jobs.BadInputException;
import dev.verity.jobs.io.InputReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;

/**
 * Reads a pool's embeddings: {@code user_id} and {@code v0..v{d-1}}. A pool is small enough to
 * sit on the driver (it is broadcast to every task anyway), so CSV is read as text lines: a row
 * with too few or too many values is reported by file and line instead of being padded or cut.
 */
public final class EmbeddingsReader {
    private static final Pattern VECTOR_COLUMN = Pattern.compile("v(\\d+)");

    private final SparkSession spark;

    public EmbeddingsReader(SparkSession spark) {
        this.spark = spark;
    }

    public Embeddings read(String path, String format) {
        String chosen = InputReader.formatOf(path, format);
        return chosen.equals("csv") ? readCsv(path) : readTable(new InputReader(spark).read(path, chosen), path);
    }

    private Embeddings readCsv(String path) {
        List<Row> lines;
        try {
            lines = spark.read().text(path).select(col("value"), input_file_name().as("file")).collectAsList();
        } catch (Exception e) { // Spark's exceptions are checked in Java's eyes
            throw new BadInputException(path + ": cannot read: " + InputReader.firstLine(e), e);
        }
        Embeddings.Builder builder = null;
        String file = null;
        int idColumn = -1;
        int[] vectorColumns = null;
        long lineNumber = 0;
        for (Row line : lines) {
            String text = line.getString(0);
            if (!line.getString(1).equals(file)) {
                file = line.getString(1);
                lineNumber = 1;
                List<String> header = split(text);
                idColumn = header.indexOf("user_id");
                if (idColumn < 0) {
                    throw new BadInputException(file + ": line 1: no user_id column in the header (" + text + ")");
                }
                vectorColumns = vectorColumns(file, header);
                if (builder == null) {
                    builder = new Embeddings.Builder(path, vectorColumns.length);
                }
                continue;
            }
            lineNumber++;
            if (text.isBlank()) {
                continue;
            }
            List<String> fields = split(text);
            List<String> values = new ArrayList<>();
            for (int c : vectorColumns) {
                if (c < fields.size()) {
                    values.add(fields.get(c));
                }
            }
            int extra = fields.size() - (vectorColumns.length + 1);
            String id = idColumn < fields.size() ? fields.get(idColumn) : null;
            if (extra > 0) {
                throw new BadInputException(file + ": line " + lineNumber + " (user_id " + id + "): " + (fields.size() - 1)
                        + " vector values, expected " + vectorColumns.length + " (v0..v" + (vectorColumns.length - 1) + ")");
            }
            builder.add("line " + lineNumber, id, values);
        }
        if (builder == null) {
            throw new BadInputException(path + ": empty, expected a header with user_id and v0..v{d-1}");
        }
        return builder.build();
    }

    private Embeddings readTable(Dataset<Row> data, String path) {
        InputReader.requireColumns(data, path, List.of("user_id"));
        int[] vectorColumns = vectorColumns(path, Arrays.asList(data.columns()));
        List<String> names = new ArrayList<>();
        for (int c : vectorColumns) {
            names.add(data.columns()[c]);
        }
        Embeddings.Builder builder = new Embeddings.Builder(path, vectorColumns.length);
        List<org.apache.spark.sql.Column> selected = new ArrayList<>();
        selected.add(col("user_id").cast("string"));
        names.forEach(n -> selected.add(col(n).cast("string")));
        long rowNumber = 0;
        for (Row row : data.select(selected.toArray(org.apache.spark.sql.Column[]::new)).collectAsList()) {
            rowNumber++;
            List<String> values = new ArrayList<>();
            for (int k = 1; k < row.length(); k++) {
                values.add(row.getString(k));
            }
            builder.add("row " + rowNumber, row.getString(0), values);
        }
        return builder.build();
    }

    /** The positions of v0..v{d-1}, which must all be present with no gap. */
    private static int[] vectorColumns(String file, List<String> columns) {
        int dim = 0;
        for (String c : columns) {
            if (VECTOR_COLUMN.matcher(c).matches()) {
                dim++;
            }
        }
        int[] positions = new int[dim];
        for (int k = 0; k < dim; k++) {
            positions[k] = columns.indexOf("v" + k);
            if (positions[k] < 0) {
                throw new BadInputException(file + ": column v" + k + " is missing: vector columns must be v0..v" + (dim - 1) + " with no gap");
            }
        }
        return positions;
    }

    private static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        for (String f : line.split(",", -1)) {
            String t = f.trim();
            fields.add(t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t);
        }
        return fields;
    }
}

package dev.verity.jobs.pairs;

import dev.verity.jobs.BadInputException;
import dev.verity.jobs.io.InputReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;

/**
 * Reads pools of embeddings: {@code user_id} and {@code v0..v{d-1}}, optionally with a column
 * naming the pool each row belongs to (a matching round). Pools are small enough to sit on the
 * driver (they are broadcast to every task anyway), so CSV is read as text lines: a row with too
 * few or too many values is reported by file and line instead of being padded or cut.
 */
public final class EmbeddingsReader {
    private static final Pattern VECTOR_COLUMN = Pattern.compile("v(\\d+)");

    private final SparkSession spark;

    public EmbeddingsReader(SparkSession spark) {
        this.spark = spark;
    }

    /** One pool. */
    public Embeddings read(String path, String format) {
        return readPools(path, format, null).values().stream().findFirst()
                .orElseThrow(() -> new BadInputException(path + ": no rows"));
    }

    /** Pools by the value of {@code poolColumn} (one pool when it is null), in order of appearance. */
    public Map<String, Embeddings> readPools(String path, String format, String poolColumn) {
        Pools pools = new Pools(path, poolColumn);
        if (InputReader.formatOf(path, format).equals("csv")) {
            readCsv(path, pools);
        } else {
            readTable(new InputReader(spark).read(path, format), path, pools);
        }
        return pools.build();
    }

    /** Builders per pool, all with the vector columns of the first header read. */
    private static final class Pools {
        private final String source;
        private final String poolColumn;
        private final Map<String, Embeddings.Builder> builders = new LinkedHashMap<>();
        private int[] vectorColumns;
        private int idColumn;
        private int poolIndex;

        Pools(String source, String poolColumn) {
            this.source = source;
            this.poolColumn = poolColumn;
        }

        void header(String file, List<String> columns) {
            idColumn = columns.indexOf("user_id");
            if (idColumn < 0) {
                throw new BadInputException(file + ": no user_id column (found: " + String.join(", ", columns) + ")");
            }
            poolIndex = poolColumn == null ? -1 : columns.indexOf(poolColumn);
            if (poolColumn != null && poolIndex < 0) {
                throw new BadInputException(file + ": no " + poolColumn + " column (found: " + String.join(", ", columns) + ")");
            }
            vectorColumns = vectorColumns(file, columns);
        }

        /** One row's fields in header order; {@code where} names it in errors. */
        void add(String file, String where, List<String> fields) {
            int expected = vectorColumns.length + (poolIndex < 0 ? 1 : 2);
            String id = idColumn < fields.size() ? fields.get(idColumn) : null;
            String pool = poolIndex < 0 ? "" : poolIndex < fields.size() ? fields.get(poolIndex) : null;
            if (fields.size() > expected) {
                throw new BadInputException(file + ": " + where + " (user_id " + id + "): " + (fields.size() - expected + vectorColumns.length)
                        + " vector values, expected " + vectorColumns.length + " (v0..v" + (vectorColumns.length - 1) + ")");
            }
            if (pool == null || (poolIndex >= 0 && pool.isBlank())) {
                throw new BadInputException(file + ": " + where + ": " + poolColumn + " is empty");
            }
            List<String> values = new ArrayList<>();
            for (int c : vectorColumns) {
                if (c < fields.size()) {
                    values.add(fields.get(c));
                }
            }
            String label = poolIndex < 0 ? source : source + " (" + poolColumn + " " + pool + ")";
            builders.computeIfAbsent(pool, p -> new Embeddings.Builder(label, vectorColumns.length)).add(where, id, values);
        }

        Map<String, Embeddings> build() {
            Map<String, Embeddings> out = new LinkedHashMap<>();
            builders.forEach((pool, builder) -> out.put(pool, builder.build()));
            return out;
        }
    }

    private void readCsv(String path, Pools pools) {
        List<Row> lines;
        try {
            lines = spark.read().text(path).select(col("value"), input_file_name().as("file")).collectAsList();
        } catch (Exception e) { // Spark's exceptions are checked in Java's eyes
            throw new BadInputException(path + ": cannot read: " + InputReader.firstLine(e), e);
        }
        String file = null;
        long lineNumber = 0;
        for (Row line : lines) {
            String text = line.getString(0);
            if (!line.getString(1).equals(file)) {
                file = line.getString(1);
                lineNumber = 1;
                pools.header(file, split(text));
                continue;
            }
            lineNumber++;
            if (!text.isBlank()) {
                pools.add(file, "line " + lineNumber, split(text));
            }
        }
        if (file == null) {
            throw new BadInputException(path + ": empty, expected a header with user_id and v0..v{d-1}");
        }
    }

    private static void readTable(Dataset<Row> data, String path, Pools pools) {
        List<String> columns = Arrays.asList(data.columns());
        pools.header(path, columns);
        Column[] asText = columns.stream().map(c -> col("`" + c + "`").cast("string")).toArray(Column[]::new);
        long rowNumber = 0;
        for (Row row : data.select(asText).collectAsList()) {
            rowNumber++;
            List<String> fields = new ArrayList<>();
            for (int k = 0; k < row.length(); k++) {
                fields.add(row.getString(k));
            }
            pools.add(path, "row " + rowNumber, fields);
        }
    }

    /** The positions of v0..v{d-1}, which must all be present with no gap. */
    private static int[] vectorColumns(String file, List<String> columns) {
        int dim = (int) columns.stream().filter(c -> VECTOR_COLUMN.matcher(c).matches()).count();
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

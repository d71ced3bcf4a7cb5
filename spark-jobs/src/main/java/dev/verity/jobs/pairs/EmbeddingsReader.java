package dev.verity.jobs.pairs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;

import dev.verity.jobs.io.InputFormat;
import dev.verity.jobs.io.InputReader;
import dev.verity.store.BadInputException;
import dev.verity.store.Errors;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads pools of embeddings: an id column ({@code user_id} for the pair scorer's users,
 * {@code item_id} for a ranker's items) and {@code v0..v{d-1}}, optionally with a column
 * naming the pool each row belongs to (a matching round). Pools are small enough to sit on the
 * driver (they are broadcast to every task anyway), so CSV is parsed there, as RFC 4180: a row
 * with too few or too many values is reported by file and line instead of being padded or cut.
 */
public final class EmbeddingsReader {
    private static final Pattern VECTOR_COLUMN = Pattern.compile("v(\\d+)");
    /** RFC 4180 with blank lines skipped and values trimmed, as a hand-written file tends to need. */
    private static final CSVFormat CSV =
            CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setTrim(true).get();

    /** The pair scorer's users. */
    public static final String USER_ID = "user_id";

    private final SparkSession spark;
    private final String idName;

    public EmbeddingsReader(SparkSession spark, String idName) {
        this.spark = spark;
        this.idName = idName;
    }

    /** One pool. */
    public Embeddings read(String path, InputFormat format) {
        return readPools(path, format, null).values().stream()
                .findFirst()
                .orElseThrow(() -> new BadInputException(path + ": no rows"));
    }

    /** Pools by the value of {@code poolColumn} (one pool when it is null), in order of appearance. */
    public Map<String, Embeddings> readPools(String path, InputFormat format, String poolColumn) {
        Pools pools = new Pools(path, idName, poolColumn);
        if (new InputReader(spark).formatOf(path, format) == InputFormat.CSV) {
            readCsv(path, pools);
        } else {
            readTable(new InputReader(spark).read(path, format), path, pools);
        }
        return pools.build();
    }

    /** Builders per pool, all with the vector columns of the first header read. */
    private static final class Pools {
        private final String source;
        private final String idName;
        private final String poolColumn;
        private final Map<String, Embeddings.Builder> builders = new LinkedHashMap<>();
        private int[] vectorColumns;
        private int idColumn;
        private int poolIndex;

        Pools(String source, String idName, String poolColumn) {
            this.source = source;
            this.idName = idName;
            this.poolColumn = poolColumn;
        }

        void header(String file, List<String> columns) {
            idColumn = columns.indexOf(idName);
            if (idColumn < 0) {
                throw new BadInputException(
                        file + ": no " + idName + " column (found: " + String.join(", ", columns) + ")");
            }
            poolIndex = poolColumn == null ? -1 : columns.indexOf(poolColumn);
            if (poolColumn != null && poolIndex < 0) {
                throw new BadInputException(
                        file + ": no " + poolColumn + " column (found: " + String.join(", ", columns) + ")");
            }
            vectorColumns = vectorColumns(file, columns);
        }

        /** One row's fields in header order; {@code where} names it in errors. */
        void add(String file, String where, List<String> fields) {
            int expected = vectorColumns.length + (poolIndex < 0 ? 1 : 2);
            String id = idColumn < fields.size() ? fields.get(idColumn) : null;
            String pool = poolIndex < 0 ? "" : poolIndex < fields.size() ? fields.get(poolIndex) : null;
            if (fields.size() > expected) {
                throw new BadInputException(file + ": " + where + " (" + idName + " " + id + "): "
                        + (fields.size() - expected + vectorColumns.length) + " vector values, expected "
                        + vectorColumns.length + " (v0..v" + (vectorColumns.length - 1) + ")");
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
            builders.computeIfAbsent(pool, p -> new Embeddings.Builder(label, idName, vectorColumns.length))
                    .add(where, id, values);
        }

        Map<String, Embeddings> build() {
            Map<String, Embeddings> out = new LinkedHashMap<>();
            builders.forEach((pool, builder) -> out.put(pool, builder.build()));
            return out;
        }
    }

    /**
     * Parsed here rather than by Spark's CSV reader so that errors name a file's line: each file
     * is read whole and parsed as RFC 4180, where a quoted field may span lines.
     */
    private void readCsv(String path, Pools pools) {
        List<Row> files;
        try {
            files = spark.read()
                    .option("wholetext", "true")
                    .text(path)
                    .select(col("value"), input_file_name().as("file"))
                    .collectAsList();
        } catch (Exception e) { // Spark's exceptions are checked in Java's eyes
            throw new BadInputException(path + ": cannot read: " + Errors.oneLine(e), e);
        }
        if (files.stream().allMatch(f -> f.getString(0).isBlank())) {
            throw new BadInputException(path + ": empty, expected a header with " + idName + " and v0..v{d-1}");
        }
        for (Row file : files) {
            readCsvFile(file.getString(1), file.getString(0), pools);
        }
    }

    private static void readCsvFile(String file, String text, Pools pools) {
        LineNumbers lines = new LineNumbers(text);
        boolean header = true;
        try (CSVParser parser = CSV.parse(new StringReader(text))) {
            for (CSVRecord record : parser) {
                if (header) {
                    pools.header(file, record.toList());
                    header = false;
                } else {
                    pools.add(file, "line " + lines.at(record.getCharacterPosition()), record.toList());
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new BadInputException(file + ": not valid CSV: " + Errors.oneLine(e), e);
        }
    }

    /** The 1-based line of a character position in a text. */
    private static final class LineNumbers {
        private final List<Integer> starts = new ArrayList<>(List.of(0));

        LineNumbers(String text) {
            for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
                starts.add(i + 1);
            }
        }

        int at(long position) {
            int found = Collections.binarySearch(starts, (int) position);
            return (found >= 0 ? found : -found - 2) + 1;
        }
    }

    private static void readTable(Dataset<Row> data, String path, Pools pools) {
        List<String> columns = Arrays.asList(data.columns());
        pools.header(path, columns);
        Column[] asText =
                columns.stream().map(c -> col("`" + c + "`").cast("string")).toArray(Column[]::new);
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
        int dim = (int)
                columns.stream().filter(c -> VECTOR_COLUMN.matcher(c).matches()).count();
        int[] positions = new int[dim];
        for (int k = 0; k < dim; k++) {
            positions[k] = columns.indexOf("v" + k);
            if (positions[k] < 0) {
                throw new BadInputException(file + ": column v" + k + " is missing: vector columns must be v0..v"
                        + (dim - 1) + " with no gap");
            }
        }
        return positions;
    }
}

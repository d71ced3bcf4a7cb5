package dev.verity.jobs.slices;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.when;

import dev.verity.metrics.slices.SliceKey;
import dev.verity.store.BadInputException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A candidate column of the slice search and its values as codes: a categorical column's
 * distinct values (null among them, named {@code null} as evaluate names it), or a numeric
 * column's quantile bins, named {@code [low, high)}.
 */
public final class SliceColumn implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A column of numbers with more distinct values than this is binned; fewer are values of their own. */
    static final int NUMERIC_MIN_DISTINCT = 20;

    private final String name;
    /** Categorical: the values by code ({@code null} last when present). */
    private final List<String> values;
    /** Numeric: the inner bin edges, ascending; null for a categorical column. */
    private final double[] edges;

    private final Map<String, Integer> codes = new HashMap<>();

    private SliceColumn(String name, List<String> values, double[] edges) {
        this.name = name;
        this.values = values;
        this.edges = edges;
        if (values != null) {
            for (int i = 0; i < values.size(); i++) {
                codes.put(values.get(i), i);
            }
        }
    }

    static SliceColumn categorical(String name, List<String> values) {
        checkValues(name, values.size());
        return new SliceColumn(name, values, null);
    }

    /** @throws BadInputException for a categorical column with more values than a slice key holds */
    static void checkValues(String name, long distinct) {
        if (distinct > SliceKey.MAX_VALUES) {
            throw new BadInputException(
                    "columns",
                    name + " has " + distinct + " distinct values, at most " + SliceKey.MAX_VALUES
                            + " can be searched (leave it out, or bin it first)");
        }
    }

    /** @param edges the distinct inner edges, ascending: {@code edges.length + 1} bins and a null one */
    static SliceColumn numeric(String name, double[] edges) {
        return new SliceColumn(name, null, edges);
    }

    public String name() {
        return name;
    }

    boolean numeric() {
        return edges != null;
    }

    /** The column as {@link #code} reads it: numbers as doubles, anything else as text. */
    public Column value() {
        return col(name).cast(numeric() ? "double" : "string").as(name);
    }

    /** The code of a row's value (as a string for a categorical column, a number or null for a numeric one). */
    public int code(Object value) {
        if (edges == null) {
            Integer code = codes.get(value == null ? null : value.toString());
            if (code == null) {
                throw new IllegalStateException(name + ": value " + value + " was not among those counted");
            }
            return code;
        }
        if (value == null) {
            return edges.length + 1;
        }
        double x = ((Number) value).doubleValue();
        int i = Arrays.binarySearch(edges, x);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** The value named in a slice: {@code country=IN}, {@code minutes=[3.5, 7)}, {@code minutes=null}. */
    public String describe(int code) {
        if (edges == null) {
            String value = values.get(code);
            return name + "=" + (value == null ? "null" : value);
        }
        if (code == edges.length + 1) {
            return name + "=null";
        }
        String low = code == 0 ? "-inf" : number(edges[code - 1]);
        String high = code == edges.length ? "inf" : number(edges[code]);
        return name + "=[" + low + ", " + high + ")";
    }

    /** The rows with this code, as a Spark condition on the column (numbers read as the search read them). */
    Column condition(int code) {
        Column c = col(name);
        if (edges == null) {
            String value = values.get(code);
            return value == null ? c.isNull() : c.cast("string").equalTo(value);
        }
        Column x = c.cast("double");
        if (code == edges.length + 1) {
            return x.isNull();
        }
        Column in = x.isNotNull();
        if (code > 0) {
            in = in.and(x.geq(edges[code - 1]));
        }
        if (code < edges.length) {
            in = in.and(x.lt(edges[code]));
        }
        return in;
    }

    /**
     * Each column's values or, for a column of numbers with more than {@link #NUMERIC_MIN_DISTINCT}
     * values, its {@code bins} quantile bins, over the rows given.
     */
    public static List<SliceColumn> profile(Dataset<Row> labelled, List<String> columns, int bins) {
        List<Column> probes = new ArrayList<>();
        for (String c : columns) {
            probes.add(countDistinct(col(c)).as("distinct_" + c));
            probes.add(count(when(
                            col(c).isNotNull().and(col(c).try_cast("double").isNull()), 1))
                    .as("text_" + c));
        }
        Row profile = labelled.agg(
                        probes.get(0), probes.subList(1, probes.size()).toArray(Column[]::new))
                .first();
        List<SliceColumn> out = new ArrayList<>();
        for (String c : columns) {
            long distinct = profile.getLong(profile.fieldIndex("distinct_" + c));
            boolean numbers = profile.getLong(profile.fieldIndex("text_" + c)) == 0;
            if (numbers && distinct > NUMERIC_MIN_DISTINCT) {
                double[] probabilities = new double[bins - 1];
                for (int i = 0; i < probabilities.length; i++) {
                    probabilities[i] = (i + 1.0) / bins;
                }
                double[] edges = labelled.select(col(c).cast("double").as(c))
                        .stat()
                        .approxQuantile(c, probabilities, QUANTILE_ERROR);
                out.add(numeric(
                        c, java.util.Arrays.stream(edges).distinct().sorted().toArray()));
            } else {
                checkValues(c, distinct); // before collecting them
                List<String> values = new ArrayList<>();
                for (Row r : labelled.select(col(c).cast("string")).distinct().collectAsList()) {
                    values.add(r.getString(0));
                }
                values.sort(java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()));
                out.add(categorical(c, values));
            }
        }
        return out;
    }

    /** Spark's quantile summary's relative error for the bin edges: bins need not be exact, only fixed. */
    private static final double QUANTILE_ERROR = 0.001;

    private static String number(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15
                ? Long.toString((long) x)
                : String.format(Locale.ROOT, "%.4g", x);
    }
}

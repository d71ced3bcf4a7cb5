package dev.verity.jobs.slices;

import static org.apache.spark.sql.functions.col;

import dev.verity.jobs.BadInputException;
import dev.verity.metrics.slices.SliceKey;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;

/**
 * A candidate column of the slice search and its values as codes: a categorical column's
 * distinct values (null among them, named {@code null} as evaluate names it), or a numeric
 * column's quantile bins, named {@code [low, high)}.
 */
final class SliceColumn implements Serializable {
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
            throw new BadInputException("--columns: " + name + " has " + distinct + " distinct values, at most "
                    + SliceKey.MAX_VALUES + " can be searched (leave it out, or bin it first)");
        }
    }

    /** @param edges the distinct inner edges, ascending: {@code edges.length + 1} bins and a null one */
    static SliceColumn numeric(String name, double[] edges) {
        return new SliceColumn(name, null, edges);
    }

    String name() {
        return name;
    }

    boolean numeric() {
        return edges != null;
    }

    /** The code of a row's value (as a string for a categorical column, a number or null for a numeric one). */
    int code(Object value) {
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
    String describe(int code) {
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

    private static String number(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15
                ? Long.toString((long) x)
                : String.format(Locale.ROOT, "%.4g", x);
    }
}

package dev.verity.jobs.pairs;

import dev.verity.store.BadInputException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pool's users (or items) and their vectors, indexed in ascending id order (so a lower index
 * is a lower id, which is how ties are broken), stored row-major in one array.
 */
public record Embeddings(String[] ids, double[] vectors, int dim) implements Serializable {

    public int size() {
        return ids.length;
    }

    public double dot(int a, int b) {
        double sum = 0;
        for (int k = 0; k < dim; k++) {
            sum += vectors[a * dim + k] * vectors[b * dim + k];
        }
        return sum;
    }

    /** Collects validated rows, then orders them by id. */
    public static final class Builder {
        private final String source;
        private final String idName;
        private final int dim;
        private final List<String> ids = new ArrayList<>();
        private final List<double[]> rows = new ArrayList<>();
        private final Map<String, String> whereSeen = new HashMap<>();

        public Builder(String source, String idName, int dim) {
            if (dim < 1) {
                throw new BadInputException(source + ": no vector columns v0, v1, ... found");
            }
            this.source = source;
            this.idName = idName;
            this.dim = dim;
        }

        /**
         * @param where the row's position for error messages ("line 7" or "row with user_id u3")
         * @param values the raw values of v0..v{d-1}, as many as the row has
         */
        public void add(String where, String id, List<String> values) {
            if (id == null || id.isBlank()) {
                throw new BadInputException(source + ": " + where + ": " + idName + " is empty");
            }
            String previous = whereSeen.putIfAbsent(id, where);
            if (previous != null) {
                throw new BadInputException(
                        source + ": " + idName + " '" + id + "' appears twice (" + previous + " and " + where + ")");
            }
            if (values.size() != dim) {
                throw new BadInputException(source + ": " + where + " (" + idName + " " + id + "): " + values.size()
                        + " vector values, expected " + dim + " (v0..v" + (dim - 1) + ")");
            }
            double[] row = new double[dim];
            for (int k = 0; k < dim; k++) {
                row[k] = parse(where, id, k, values.get(k));
            }
            ids.add(id);
            rows.add(row);
        }

        private double parse(String where, String id, int k, String raw) {
            String context = source + ": " + where + " (" + idName + " " + id + "), column v" + k + ": ";
            if (raw == null || raw.isBlank()) {
                throw new BadInputException(context + "empty");
            }
            double value;
            try {
                value = Double.parseDouble(raw.trim());
            } catch (NumberFormatException e) {
                throw new BadInputException(context + "'" + raw + "' is not a number");
            }
            if (!Double.isFinite(value)) {
                throw new BadInputException(context + "'" + raw + "' is not a finite number");
            }
            return value;
        }

        public Embeddings build() {
            Integer[] order = new Integer[ids.size()];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, (a, b) -> ids.get(a).compareTo(ids.get(b)));
            String[] sortedIds = new String[order.length];
            double[] vectors = new double[order.length * dim];
            for (int i = 0; i < order.length; i++) {
                sortedIds[i] = ids.get(order[i]);
                System.arraycopy(rows.get(order[i]), 0, vectors, i * dim, dim);
            }
            return new Embeddings(sortedIds, vectors, dim);
        }
    }
}

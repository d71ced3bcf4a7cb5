package dev.verity.metrics;

import dev.verity.metrics.internal.Bytes;
import dev.verity.metrics.internal.StateFamily;
import java.util.List;

/** The mergeable state of RMSE and MAE: the count and the sums of squared and absolute errors. */
public final class RegressionState implements MetricState<RegressionState> {
    private static final long serialVersionUID = 1L;

    /** 2: with the family byte; 1, from before it, still reads. */
    private static final byte FORMAT = 2;

    public static final String RMSE = "rmse";
    public static final String MAE = "mae";

    private long n;
    private long invalid;
    private double squaredErrors;
    private double absoluteErrors;

    /** Adds one row; a non-finite score or target is counted and makes the metrics undefined. */
    public RegressionState add(double score, double target) {
        if (!Double.isFinite(score) || !Double.isFinite(target)) {
            invalid++;
            return this;
        }
        double error = score - target;
        squaredErrors += error * error;
        absoluteErrors += Math.abs(error);
        n++;
        return this;
    }

    @Override
    public RegressionState merge(RegressionState other) {
        if (other == this) {
            throw new IllegalArgumentException("a state cannot merge with itself");
        }
        n += other.n;
        invalid += other.invalid;
        squaredErrors += other.squaredErrors;
        absoluteErrors += other.absoluteErrors;
        return this;
    }

    @Override
    public long count() {
        return n;
    }

    @Override
    public List<MetricValue> compute() {
        String reason =
                invalid > 0 ? invalid + " rows with a non-finite score or target" : n == 0 ? "no labelled rows" : null;
        if (reason != null) {
            return List.of(MetricValue.undefined(RMSE, reason), MetricValue.undefined(MAE, reason));
        }
        return List.of(MetricValue.of(RMSE, Math.sqrt(squaredErrors / n)), MetricValue.of(MAE, absoluteErrors / n));
    }

    @Override
    public byte[] toBytes() {
        return Bytes.write(StateFamily.REGRESSION, FORMAT, out -> {
            out.writeLong(n);
            out.writeLong(invalid);
            out.writeDouble(squaredErrors);
            out.writeDouble(absoluteErrors);
        });
    }

    public static RegressionState fromBytes(byte[] bytes) {
        return Bytes.read(bytes, StateFamily.REGRESSION, FORMAT, "RegressionState", in -> {
            RegressionState state = new RegressionState();
            state.n = in.readLong();
            state.invalid = in.readLong();
            state.squaredErrors = in.readDouble();
            state.absoluteErrors = in.readDouble();
            return state;
        });
    }

    private Object writeReplace() {
        return new SerializedState(StateFamily.REGRESSION, toBytes());
    }
}

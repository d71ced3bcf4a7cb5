package dev.verity.metrics;

import dev.verity.metrics.internal.Bytes;
import dev.verity.metrics.internal.StateFamily;
import java.util.ArrayList;
import java.util.List;

/**
 * The finished metrics of one group of rows and the count they cover. Its binary form carries
 * the results of a distributed aggregation back to the driver.
 */
public record ComputedMetrics(long n, List<MetricValue> values) {
    /** 2: with the family byte; 1, from before it, still reads. */
    private static final byte FORMAT = 2;

    public static ComputedMetrics of(MetricState<?> state) {
        return new ComputedMetrics(state.count(), state.compute());
    }

    /** The value of the metric {@code name}: null when it is absent or undefined. */
    public Double value(String name) {
        return MetricValue.valueOf(values, name);
    }

    public byte[] toBytes() {
        return Bytes.write(StateFamily.COMPUTED_METRICS, FORMAT, out -> {
            out.writeLong(n);
            out.writeInt(values.size());
            for (MetricValue v : values) {
                out.writeUTF(v.name());
                out.writeBoolean(v.isDefined());
                if (v.isDefined()) {
                    out.writeDouble(v.value());
                } else {
                    out.writeUTF(v.reason());
                }
            }
        });
    }

    public static ComputedMetrics fromBytes(byte[] bytes) {
        return Bytes.read(bytes, StateFamily.COMPUTED_METRICS, FORMAT, "ComputedMetrics", in -> {
            long n = in.readLong();
            int size = in.readInt();
            List<MetricValue> values = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                String name = in.readUTF();
                values.add(
                        in.readBoolean()
                                ? MetricValue.of(name, in.readDouble())
                                : MetricValue.undefined(name, in.readUTF()));
            }
            return new ComputedMetrics(n, values);
        });
    }
}

package dev.verity.store.delta;

import dev.verity.store.NamedValues;
import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.internal.util.VectorUtils;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Delta table's rows read by Delta Kernel (its scan, the Parquet files it names, its
 * transformation to the logical rows) as values by column name: a column the table lacks (added
 * to the store's schema after it was written) reads as null, as in a Spark read.
 */
final class KernelRows {
    private KernelRows() {}

    static List<NamedValues> read(Engine engine, Snapshot snapshot) {
        Scan scan = snapshot.getScanBuilder().build();
        io.delta.kernel.data.Row scanState = scan.getScanState(engine);
        io.delta.kernel.types.StructType physical = ScanStateRow.getPhysicalDataReadSchema(scanState);
        List<NamedValues> out = new ArrayList<>();
        try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
            while (files.hasNext()) {
                try (CloseableIterator<io.delta.kernel.data.Row> batch =
                        files.next().getRows()) {
                    while (batch.hasNext()) {
                        io.delta.kernel.data.Row file = batch.next();
                        CloseableIterator<ColumnarBatch> data = engine.getParquetHandler()
                                .readParquetFiles(
                                        Utils.singletonCloseableIterator(InternalScanFileUtils.getAddFileStatus(file)),
                                        physical,
                                        Optional.empty())
                                .map(FileReadResult::getData);
                        try (CloseableIterator<FilteredColumnarBatch> rows =
                                Scan.transformPhysicalData(engine, scanState, file, data)) {
                            while (rows.hasNext()) {
                                add(rows.next(), out);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + snapshot.getPath() + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static void add(FilteredColumnarBatch batch, List<NamedValues> out) {
        ColumnarBatch data = batch.getData();
        List<StructField> fields = data.getSchema().fields();
        Optional<ColumnVector> selected = batch.getSelectionVector();
        for (int row = 0; row < data.getSize(); row++) {
            if (selected.isPresent()
                    && (selected.get().isNullAt(row) || !selected.get().getBoolean(row))) {
                continue; // removed by a deletion vector
            }
            NamedValues values = new NamedValues();
            for (int i = 0; i < fields.size(); i++) {
                values.put(fields.get(i).getName(), value(data.getColumnVector(i), row));
            }
            out.add(values);
        }
    }

    /** The value as the store's records hold it (times as timestamps, maps as Java maps). */
    private static Object value(ColumnVector column, int row) {
        if (column.isNullAt(row)) {
            return null;
        }
        DataType type = column.getDataType();
        if (type instanceof StringType) {
            return column.getString(row);
        } else if (type instanceof DoubleType) {
            return column.getDouble(row);
        } else if (type instanceof LongType) {
            return column.getLong(row);
        } else if (type instanceof IntegerType) {
            return column.getInt(row);
        } else if (type instanceof BooleanType) {
            return column.getBoolean(row);
        } else if (type instanceof TimestampType) {
            return Timestamp.from(Instant.EPOCH.plus(column.getLong(row), ChronoUnit.MICROS));
        } else if (type instanceof BinaryType) {
            return column.getBinary(row);
        } else if (type instanceof MapType) {
            return VectorUtils.toJavaMap(column.getMap(row));
        }
        throw new IllegalArgumentException("no reading of " + type + " columns");
    }
}

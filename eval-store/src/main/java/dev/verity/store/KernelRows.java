package dev.verity.store;

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
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Delta table's rows read by Delta Kernel (its scan, the Parquet files it names, its
 * transformation to the logical rows) as rows of one of the store's schemas: a column the table
 * lacks (added to the schema after it was written) reads as null, as in a Spark read.
 */
final class KernelRows {
    private KernelRows() {}

    static List<Row> read(Engine engine, Snapshot snapshot, StructType schema) {
        Scan scan = snapshot.getScanBuilder().build();
        io.delta.kernel.data.Row scanState = scan.getScanState(engine);
        io.delta.kernel.types.StructType physical = ScanStateRow.getPhysicalDataReadSchema(scanState);
        List<Row> out = new ArrayList<>();
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
                                add(rows.next(), schema, out);
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

    private static void add(FilteredColumnarBatch batch, StructType schema, List<Row> out) {
        ColumnarBatch data = batch.getData();
        StructField[] fields = schema.fields();
        ColumnVector[] columns = new ColumnVector[fields.length];
        for (int i = 0; i < fields.length; i++) {
            int ordinal = data.getSchema().indexOf(fields[i].name());
            columns[i] = ordinal < 0 ? null : data.getColumnVector(ordinal);
        }
        Optional<ColumnVector> selected = batch.getSelectionVector();
        for (int row = 0; row < data.getSize(); row++) {
            if (selected.isPresent()
                    && (selected.get().isNullAt(row) || !selected.get().getBoolean(row))) {
                continue; // removed by a deletion vector
            }
            Object[] values = new Object[fields.length];
            for (int i = 0; i < fields.length; i++) {
                values[i] = columns[i] == null ? null : value(columns[i], row, fields[i].dataType());
            }
            out.add(new GenericRowWithSchema(values, schema));
        }
    }

    /** The value as Spark's rows hold it for the store's column types. */
    private static Object value(ColumnVector column, int row, DataType type) {
        if (column.isNullAt(row)) {
            return null;
        }
        if (type.equals(DataTypes.StringType)) {
            return column.getString(row);
        } else if (type.equals(DataTypes.DoubleType)) {
            return column.getDouble(row);
        } else if (type.equals(DataTypes.LongType)) {
            return column.getLong(row);
        } else if (type.equals(DataTypes.IntegerType)) {
            return column.getInt(row);
        } else if (type.equals(DataTypes.BooleanType)) {
            return column.getBoolean(row);
        } else if (type.equals(DataTypes.TimestampType)) {
            return Timestamp.from(Instant.EPOCH.plus(column.getLong(row), ChronoUnit.MICROS));
        } else if (type instanceof MapType) {
            return scala.jdk.javaapi.CollectionConverters.asScala(VectorUtils.toJavaMap(column.getMap(row)));
        }
        throw new IllegalArgumentException("no reading of " + type + " columns");
    }
}

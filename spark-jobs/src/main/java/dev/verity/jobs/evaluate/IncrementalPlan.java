package dev.verity.jobs.evaluate;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import dev.verity.jobs.Progress;
import dev.verity.jobs.TimeRange;
import dev.verity.jobs.WindowSpec;
import dev.verity.jobs.io.ColumnParsing;
import dev.verity.jobs.io.InputFormat;
import dev.verity.jobs.io.InputReader;
import dev.verity.jobs.io.VisibleFiles;
import dev.verity.store.BadInputException;
import dev.verity.store.Errors;
import dev.verity.store.InputFileRecord;
import dev.verity.store.delta.EvaluationStore;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What an incremental evaluate run reads. Against the files the store recorded after the last
 * run over the same logs ({@code _verity/inputs}), a new, changed or deleted file makes the
 * windows its rows can touch dirty: a prediction file the windows of its rows' {@code ts}, a
 * label file those its labels can count for (a label window back from each {@code label_ts}).
 * The run then evaluates the span of whole windows that holds them, reading only the files
 * whose recorded span meets it; the other windows keep their rows.
 *
 * @param scope    what to read: the dirty span and its files (everything on a first run); null
 *                 when no window can have changed
 * @param files    every file of both logs now, with its span, for the store once the run succeeded
 * @param changed  how many files were new, changed or deleted
 */
public record IncrementalPlan(InputScope scope, List<InputFileRecord> files, int changed) {
    /** True when no window can have changed: nothing to evaluate. */
    public boolean nothingToEvaluate() {
        return scope == null;
    }

    /** The plan for evaluating {@code config}'s logs into {@code store} incrementally. */
    public static IncrementalPlan of(SparkSession spark, EvaluationStore store, EvaluateJob.Config config) {
        if (!config.range().isAll()) {
            throw new BadInputException("an incremental run chooses its own time range; give it no range");
        }
        InputReader reader = new InputReader(spark);
        Map<String, InputFileRecord> known = new HashMap<>();
        store.inputFiles(List.of(config.inputs().predictions(), config.inputs().labels()))
                .forEach(f -> known.put(f.source() + "\n" + f.file(), f));
        boolean firstRun = known.isEmpty();
        List<InputFileRecord> files = new ArrayList<>();
        List<InputFileRecord> dirty = new ArrayList<>();
        Set<LogSource> tables = EnumSet.noneOf(LogSource.class);
        int changed = 0;
        for (LogSource source : LogSource.values()) {
            String input = inputOf(config, source);
            InputFormat format = reader.formatOf(input, formatOf(config, source));
            List<InputFileRecord> fresh = new ArrayList<>();
            if (format == InputFormat.DELTA) {
                tables.add(source);
                DeltaInputFiles.Listing table = DeltaInputFiles.of(spark, input, source);
                Progress.note("verity.input." + source.id() + ".delta_version", table.version());
                for (InputFileRecord file : table.files()) {
                    if (known.remove(source.id() + "\n" + file.file()) == null) {
                        fresh.add(file);
                    }
                    files.add(file);
                }
            } else {
                List<FileStatus> unread = new ArrayList<>();
                for (FileStatus file : list(spark, input)) {
                    InputFileRecord before = known.remove(source.id() + "\n" + file.getPath());
                    if (before == null
                            || before.changedTo(file.getLen(), Instant.ofEpochMilli(file.getModificationTime()))) {
                        unread.add(file);
                        if (before != null) {
                            dirty.add(before); // the windows of its old rows change too
                        }
                    } else {
                        files.add(before);
                    }
                }
                fresh.addAll(spans(spark, reader, input, source, unread, format));
                files.addAll(fresh);
            }
            dirty.addAll(fresh);
            changed += fresh.size();
        }
        dirty.addAll(known.values()); // deleted files: the windows of their rows lost them
        changed += known.size();
        InputScope everything = new InputScope(TimeRange.ALL, List.of(), List.of(), List.of(), true);
        if (firstRun || config.window().isAll()) {
            return new IncrementalPlan(everything, files, changed);
        }
        if (dirty.stream().allMatch(f -> f.rows() == 0)) {
            return new IncrementalPlan(null, files, changed);
        }
        if (dirty.stream().anyMatch(f -> f.rows() != 0 && f.minTime() == null)) {
            return new IncrementalPlan(everything, files, changed); // rows no time places: read all
        }
        TimeRange range = dirtySpan(dirty, config.window(), config.inputs().labelWindowSeconds());
        // a Delta table is read whole over the range: Delta skips its files by their statistics
        return new IncrementalPlan(
                new InputScope(
                        range,
                        tables.contains(LogSource.PREDICTIONS)
                                ? List.of()
                                : meeting(files, LogSource.PREDICTIONS, range),
                        tables.contains(LogSource.LABELS)
                                ? List.of()
                                : meeting(
                                        files,
                                        LogSource.LABELS,
                                        range.extendedBy(config.inputs().labelWindowSeconds())),
                        known.values().stream().map(InputFileRecord::file).toList(),
                        true),
                files,
                changed);
    }

    private static String inputOf(EvaluateJob.Config config, LogSource source) {
        return source == LogSource.PREDICTIONS
                ? config.inputs().predictions()
                : config.inputs().labels();
    }

    private static InputFormat formatOf(EvaluateJob.Config config, LogSource source) {
        return source == LogSource.PREDICTIONS
                ? config.inputs().predictionsFormat()
                : config.inputs().labelsFormat();
    }

    /**
     * The whole windows that hold the dirty files' rows (each has rows with readable times) and,
     * for labels, the predictions they can count for.
     */
    private static TimeRange dirtySpan(List<InputFileRecord> dirty, WindowSpec window, long labelWindow) {
        Instant first = null;
        Instant last = null;
        for (InputFileRecord f : dirty) {
            if (f.rows() == 0) {
                continue;
            }
            Instant from =
                    f.source().equals(LogSource.LABELS.id()) ? f.minTime().minusSeconds(labelWindow) : f.minTime();
            first = first == null || from.isBefore(first) ? from : first;
            last = last == null || f.maxTime().isAfter(last) ? f.maxTime() : last;
        }
        long size = window.seconds();
        return new TimeRange(
                Instant.ofEpochSecond(Math.floorDiv(first.getEpochSecond(), size) * size),
                Instant.ofEpochSecond((Math.floorDiv(last.getEpochSecond(), size) + 1) * size));
    }

    /**
     * The files of {@code source} whose rows' span meets {@code range}; when none does, one other
     * file, whose rows the range then leaves out (a log is read from at least one of its files).
     */
    private static List<String> meeting(List<InputFileRecord> files, LogSource source, TimeRange range) {
        List<InputFileRecord> own =
                files.stream().filter(f -> f.source().equals(source.id())).toList();
        List<String> meeting = own.stream()
                .filter(f -> f.rows() > 0
                        && !f.maxTime().isBefore(range.from())
                        && f.minTime().isBefore(range.until()))
                .map(InputFileRecord::file)
                .toList();
        return meeting.isEmpty() && !own.isEmpty() ? List.of(own.get(0).file()) : meeting;
    }

    /** The data files of a log: the file itself, or a folder's files but hidden ones ({@code .x}, {@code _x}). */
    private static List<FileStatus> list(SparkSession spark, String input) {
        Path root = new Path(input);
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            FileStatus status = fs.getFileStatus(root);
            List<FileStatus> files = new ArrayList<>();
            if (!status.isDirectory()) {
                files.add(status);
                return files;
            }
            files.addAll(VisibleFiles.in(fs, root));
            return files;
        } catch (java.io.FileNotFoundException e) {
            throw new BadInputException(input + ": no such file or folder");
        } catch (IOException e) {
            throw new BadInputException(input + ": cannot be listed: " + Errors.oneLine(e), e);
        }
    }

    /** Each file's rows and the span of their times, read in one pass over those files alone. */
    private static List<InputFileRecord> spans(
            SparkSession spark,
            InputReader reader,
            String input,
            LogSource source,
            List<FileStatus> files,
            InputFormat format) {
        if (files.isEmpty()) {
            return List.of();
        }
        String timeColumn = source.timeColumn();
        Dataset<Row> raw = reader.read(
                input, files.stream().map(f -> f.getPath().toString()).toList(), format);
        Column time = java.util.Arrays.asList(raw.columns()).contains(timeColumn)
                ? ColumnParsing.timestamp(raw, timeColumn)
                : lit(null).cast("timestamp");
        Map<String, Row> byFile = new HashMap<>();
        for (Row r : raw.select(input_file_name().as("file"), time.as("time"))
                .groupBy("file")
                .agg(count(lit(1)).as("rows"), min("time"), max("time"))
                .collectAsList()) {
            byFile.put(new Path(r.getString(0)).toUri().getPath(), r);
        }
        List<InputFileRecord> out = new ArrayList<>();
        for (FileStatus f : files) {
            Row r = byFile.get(f.getPath().toUri().getPath());
            out.add(new InputFileRecord(
                    input,
                    source.id(),
                    f.getPath().toString(),
                    f.getLen(),
                    Instant.ofEpochMilli(f.getModificationTime()),
                    r == null ? 0 : r.getLong(1),
                    r == null || r.isNullAt(2) ? null : r.<Timestamp>getAs(2).toInstant(),
                    r == null || r.isNullAt(3) ? null : r.<Timestamp>getAs(3).toInstant()));
        }
        return out;
    }
}

package dev.verity.jobs.evaluate;

import dev.verity.jobs.TimeRange;
import java.util.List;

/**
 * What of its two logs an evaluate run reads: a time range of prediction time, and, for an
 * incremental run, only the files that can hold rows of it (empty: every file of the log).
 *
 * @param goneFiles       files an incremental run no longer finds: their quarantined rows go
 * @param replacesWindows true when the run's rows replace all that earlier runs over the same
 *                        logs wrote in its windows (a range, an incremental run), so rows of
 *                        windows or slices the logs no longer hold go
 */
public record InputScope(
        TimeRange range,
        List<String> predictionFiles,
        List<String> labelFiles,
        List<String> goneFiles,
        boolean replacesWindows) {
    /** Both logs whole; the rows of the store's other windows and slices stay. */
    public static final InputScope ALL = new InputScope(TimeRange.ALL, List.of(), List.of(), List.of(), false);

    public InputScope {
        predictionFiles = List.copyOf(predictionFiles);
        labelFiles = List.copyOf(labelFiles);
        goneFiles = List.copyOf(goneFiles);
    }

    /** Every file of both logs, over {@code range}. */
    public static InputScope of(TimeRange range) {
        return new InputScope(range, List.of(), List.of(), List.of(), !range.isAll());
    }
}

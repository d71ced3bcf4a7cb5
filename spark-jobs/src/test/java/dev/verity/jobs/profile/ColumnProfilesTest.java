package dev.verity.jobs.profile;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.trim;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.drift.profile.ColumnProfile;
import dev.verity.jobs.TestSpark;
import dev.verity.jobs.WindowSpec;
import dev.verity.jobs.io.ColumnParsing;
import dev.verity.jobs.io.InputReader;
import dev.verity.store.ProfileRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profiles of a CSV log's text columns: a column is numeric only when every value of every window
 * is a number (as Spark casts text), its windows' counts are exact, and text is read as a number
 * exactly where Spark's cast reads one.
 */
class ColumnProfilesTest {
    @TempDir
    Path dir;

    @Test
    void textIsANumberExactlyWhereSparksCastReadsOne() {
        List<String> texts = List.of(
                "1",
                " 2.5 ",
                "-3e2",
                "+.5",
                "1e-3",
                "NaN",
                "nan",
                "Infinity",
                "-Infinity",
                "inf",
                "-inf",
                "abc",
                "c13",
                "-",
                "1.2.3",
                "1,5",
                "",
                "   ",
                "0x10",
                "12abc",
                "1_000",
                "--1",
                "+",
                "e5",
                ".");
        Dataset<Row> frame =
                TestSpark.spark().createDataset(texts, Encoders.STRING()).toDF("t");
        List<Row> cast = frame.select(col("t"), trim(col("t")).try_cast(DataTypes.DoubleType))
                .collectAsList();
        for (Row row : cast) {
            Double spark = row.isNullAt(1) ? null : row.getDouble(1);
            assertThat(TextNumbers.parse(row.getString(0)))
                    .as("'" + row.getString(0) + "'")
                    .isEqualTo(spark);
        }
    }

    @Test
    void aColumnWithOneWordInOneWindowIsCategoricalInEveryWindow() {
        Path log = TestSpark.write(
                dir,
                "log.csv",
                "prediction_id,ts,amount,code",
                "a,2026-11-01T01:00:00Z,1.5,7",
                "b,2026-11-01T02:00:00Z,,8",
                "c,2026-11-01T03:00:00Z,2.5,7",
                "d,2026-11-02T01:00:00Z,4,x9",
                "e,2026-11-02T02:00:00Z,-1,7",
                "f,,9,7");
        Dataset<Row> rows = new InputReader(TestSpark.spark()).read(log.toString(), null);
        ColumnProfiles profiles = ColumnProfiles.of(rows, List.of(), List.of(), true);
        List<ProfileRecord> records = profiles.perWindow(
                rows, WindowSpec.startOf(ColumnParsing.timestamp(rows, "ts"), 86_400), 86_400, "m", log.toString());
        Map<String, List<ProfileRecord>> byColumn =
                records.stream().collect(Collectors.groupingBy(ProfileRecord::column));
        assertThat(byColumn.keySet()).containsExactlyInAnyOrder("amount", "code");
        // the row without a ts belongs to no window
        assertThat(byColumn.get("amount")).extracting(ProfileRecord::rows).containsExactly(3L, 2L);
        assertThat(byColumn.get("amount")).extracting(ProfileRecord::kind).containsOnly("numeric");
        assertThat(byColumn.get("amount")).extracting(ProfileRecord::nulls).containsExactly(1L, 0L);
        ColumnProfile first =
                ColumnProfile.fromBytes(byColumn.get("amount").get(0).profile());
        assertThat(first.weightedValues()).containsExactly(Map.entry(1.5, 1L), Map.entry(2.5, 1L));
        // "x9" on the second day makes the code a category on the first day too
        assertThat(byColumn.get("code")).extracting(ProfileRecord::kind).containsOnly("categorical");
        List<Map<String, Long>> categories = new ArrayList<>();
        byColumn.get("code")
                .forEach(
                        p -> categories.add(ColumnProfile.fromBytes(p.profile()).categoryCounts()));
        assertThat(categories).containsExactly(Map.of("7", 2L, "8", 1L), Map.of("x9", 1L, "7", 1L));
    }
}

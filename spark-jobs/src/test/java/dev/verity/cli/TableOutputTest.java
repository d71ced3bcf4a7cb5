package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tables for people: within 120 columns, no column of dashes, a long list cut to its top. */
class TableOutputTest {
    private static String table(TableOutput table) {
        StringWriter text = new StringWriter();
        table.print(OutputFormat.TABLE, new PrintWriter(text));
        return text.toString();
    }

    @Test
    void aColumnWithNoValueIsLeftOutAndNamed() {
        TableOutput t = new TableOutput(List.of("slice", "delta", "reason"));
        t.add("all", 0.5, null).add("web", null, null);
        assertThat(table(t).lines())
                .containsExactly("slice  delta", "-----  ------", "all    0.5000", "web    -", "(no values in reason)");
    }

    @Test
    void aTableWiderThan120ColumnsWrapsItsWidestTextAtSpaces() {
        TableOutput t = new TableOutput(List.of("kind", "observed", "why it matters"));
        String why = "prediction ids logged more than once: retries or a double write; only the first is evaluated, "
                + "the others are counted as duplicates";
        t.add("duplicate_ids", 4.0, why).add("bad_timestamp", 48.0, "short");
        List<String> lines = table(t).lines().toList();
        assertThat(lines).allMatch(l -> l.length() <= TableOutput.MAX_WIDTH);
        assertThat(lines.get(2)).startsWith("duplicate_ids    4.0000  prediction ids logged");
        assertThat(lines.get(3)).startsWith("                         ").doesNotContain("duplicate_ids");
        assertThat(String.join(" ", lines.subList(2, 4)).replaceAll(" +", " ")).contains(why.replaceAll(" +", " "));
        assertThat(lines.get(4)).startsWith("bad_timestamp   48.0000  short");
    }

    @Test
    void aLongListShowsItsTopAndCountsTheRestForPeopleOnly() {
        TableOutput t = new TableOutput(List.of("id"));
        for (int i = 0; i < 25; i++) {
            t.add("p" + i);
        }
        StringWriter people = new StringWriter();
        t.printTop(OutputFormat.TABLE, new PrintWriter(people), 10, "--format csv lists them all");
        assertThat(people.toString().lines()).hasSize(2 + 10 + 1).endsWith("... 15 more (--format csv lists them all)");
        StringWriter csv = new StringWriter();
        t.printTop(OutputFormat.CSV, new PrintWriter(csv), 10, "unused");
        assertThat(csv.toString().lines()).hasSize(1 + 25);
    }
}

package dev.verity.cli;

import dev.verity.jobs.Progress;
import dev.verity.jobs.Stage;
import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.io.OutputWriter;
import dev.verity.jobs.pairs.Embeddings;
import dev.verity.jobs.pairs.EmbeddingsReader;
import dev.verity.jobs.pairs.PairScorer;
import dev.verity.store.BadInputException;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "pairs",
        mixinStandardHelpOptions = true,
        description =
                "Score every user-peer pair of a pool as the dot product of their embeddings, in blocks, and keep each user's top K.")
public final class PairsCommand implements Callable<Integer> {

    @Option(
            names = "--embeddings",
            required = true,
            description = "user_id and v0..v{d-1}: CSV, Parquet, JSON lines or Delta.")
    String embeddings;

    @Option(names = "--top-k", required = true, description = "Peers kept per user.")
    int topK;

    @Option(names = "--block-size", defaultValue = "512", description = "Users per block (default: ${DEFAULT-VALUE}).")
    int blockSize;

    @Option(
            names = "--out",
            description = "Output path (.csv, .json, .parquet, else Delta); stdout in --format when absent.")
    String out;

    @Option(names = "--all-pairs", description = "Write every pair (user_id < peer_id) instead of the top K.")
    boolean allPairs;

    @Mixin
    InputFormatOption inputFormat;

    /** Pairs printed to stdout: csv and jsonl are streamed; table and json hold the top K (not --all-pairs) in memory. */
    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        Progress progress = Progress.toStderr("pairs");
        SparkSession spark = VeritySpark.session();
        PairScorer scorer = new PairScorer(spark, blockSize);
        Embeddings pool = progress.stage(
                Stage.of("read_embeddings", "reading " + embeddings).with(Stage.INPUT, embeddings),
                () -> new EmbeddingsReader(spark, EmbeddingsReader.USER_ID).read(embeddings, inputFormat.format));
        long blocks = (pool.size() + blockSize - 1) / blockSize;
        progress.info(String.format(
                Locale.ROOT,
                "%,d users, %d dimensions: %,d block pairs of up to %d users",
                pool.size(),
                pool.dim(),
                blocks * (blocks + 1) / 2,
                blockSize));
        if (allPairs) {
            Dataset<Row> pairs = scorer.allPairs(pool);
            if (out == null) {
                if (output.format == OutputFormat.TABLE || output.format == OutputFormat.JSON) {
                    throw new BadInputException(
                            "--all-pairs: every pair does not fit a table; pass --format csv or jsonl, or --out");
                }
                stream(pairs.toLocalIterator(), PairScorer.ALL_PAIRS.fieldNames());
            } else {
                progress.stage(
                        Stage.of("write_pairs", "writing every pair to " + out).with(Stage.OUTPUT, out),
                        () -> OutputWriter.write(pairs, out));
            }
            return 0;
        }
        PairScorer.Result result = progress.stage(Stage.of("score_pairs", "scoring"), () -> scorer.topK(pool, topK));
        progress.info(String.format(Locale.ROOT, "%,d pairs scored, each once", result.pairsScored()));
        if (out == null) {
            output.print(TableOutput.of(Arrays.asList(PairScorer.TOP_K.fieldNames()), result.rows()));
        } else {
            OutputWriter.write(spark.createDataFrame(result.rows(), PairScorer.TOP_K), out);
        }
        return 0;
    }

    /** Prints rows one at a time, so no more than one is held (csv or jsonl). */
    private void stream(Iterator<Row> rows, String[] columns) {
        PrintWriter writer = new PrintWriter(new BufferedWriter(output.out()));
        List<String> header = Arrays.asList(columns);
        if (output.format == OutputFormat.CSV) {
            writer.println(String.join(",", header));
        }
        while (rows.hasNext()) {
            TableOutput.of(header, List.of(rows.next())).printRows(output.format, writer);
        }
        writer.flush();
    }
}

package dev.verity.cli;

import dev.verity.jobs.Progress;
import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.io.OutputWriter;
import dev.verity.jobs.pairs.Embeddings;
import dev.verity.jobs.pairs.EmbeddingsReader;
import dev.verity.jobs.pairs.PairScorer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "pairs", mixinStandardHelpOptions = true,
        description = "Score every user-peer pair of a pool as the dot product of their embeddings, in blocks, and keep each user's top K.")
public final class PairsCommand implements Callable<Integer> {

    @Option(names = "--embeddings", required = true, description = "user_id and v0..v{d-1}: CSV, Parquet, JSON lines or Delta.")
    String embeddings;

    @Option(names = "--top-k", required = true, description = "Peers kept per user.")
    int topK;

    @Option(names = "--block-size", defaultValue = "512", description = "Users per block (default: ${DEFAULT-VALUE}).")
    int blockSize;

    @Option(names = "--out", description = "Output path (.csv, .json, .parquet, else Delta); stdout as CSV when absent.")
    String out;

    @Option(names = "--all-pairs", description = "Write every pair (user_id < peer_id) instead of the top K.")
    boolean allPairs;

    @Option(names = "--format", description = "Format of the embeddings when the name does not tell.")
    String format;

    @Override
    public Integer call() {
        Progress progress = Progress.toStderr("pairs");
        SparkSession spark = VeritySpark.session();
        PairScorer scorer = new PairScorer(spark, blockSize);
        Embeddings pool = progress.stage("reading " + embeddings, () -> new EmbeddingsReader(spark).read(embeddings, format));
        long blocks = (pool.size() + blockSize - 1) / blockSize;
        progress.info(String.format(Locale.ROOT, "%,d users, %d dimensions: %,d block pairs of up to %d users",
                pool.size(), pool.dim(), blocks * (blocks + 1) / 2, blockSize));
        if (allPairs) {
            Dataset<Row> pairs = scorer.allPairs(pool);
            if (out == null) {
                printCsv(pairs.toLocalIterator(), false, System.out);
            } else {
                progress.stage("writing every pair to " + out, () -> OutputWriter.write(pairs, out));
            }
            return 0;
        }
        PairScorer.Result result = progress.stage("scoring", () -> scorer.topK(pool, topK));
        progress.info(String.format(Locale.ROOT, "%,d pairs scored, each once", result.pairsScored()));
        if (out == null) {
            printCsv(result.rows().iterator(), true, System.out);
        } else {
            OutputWriter.write(spark.createDataFrame(result.rows(), PairScorer.TOP_K), out);
        }
        return 0;
    }

    private static void printCsv(Iterator<Row> rows, boolean ranked, PrintStream out) {
        out.println(ranked ? "user_id,peer_id,score,rank" : "user_id,peer_id,score");
        while (rows.hasNext()) {
            Row r = rows.next();
            out.print(r.getString(0) + "," + r.getString(1) + "," + r.getDouble(2));
            out.println(ranked ? "," + r.getInt(3) : "");
        }
    }
}

package dev.verity.jobs.pairs;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The scores of one block pair as a single matrix product through netlib's BLAS (a vectorised
 * Java kernel, or the native library when one is installed). Embeddings are row-major, which
 * BLAS reads as a column-major d x n matrix X, so the scores are X_p^T X_q.
 */
final class BlockProduct {
    private BlockProduct() {}

    /** The kernel actually in use, for the benchmark report. */
    static String kernelName() {
        return BLAS.getInstance().getClass().getSimpleName();
    }

    /**
     * Scores of users {@code [p0, p0+np)} against {@code [q0, q0+nq)}, column-major into {@code out}:
     * {@code out[i + j*np]} is the score of users {@code p0+i} and {@code q0+j}. For a diagonal block
     * (p0 == q0) only the upper triangle i < j is computed, so no pair is scored twice.
     */
    static void scores(double[] vectors, int d, int p0, int np, int q0, int nq, double[] out) {
        BLAS blas = BLAS.getInstance();
        if (p0 == q0) {
            blas.dsyrk("U", "T", np, d, 1.0, vectors, p0 * d, d, 0.0, out, 0, np);
        } else {
            blas.dgemm("T", "N", np, nq, d, 1.0, vectors, p0 * d, d, vectors, q0 * d, d, 0.0, out, 0, np);
        }
    }
}

package dev.verity.store.delta;

import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.sql.delta.DeltaConcurrentModificationException;

/**
 * Delta commits optimistically: a transaction that lost a race with another writer (two
 * {@code evaluate} runs into one store, say) fails with a concurrent-modification error and is
 * safe to run again on the table's new version. Each write of the store goes through here.
 */
final class ConflictRetry {
    static final int ATTEMPTS = 10;
    private static final long FIRST_PAUSE_MILLIS = 200;
    private static final long LONGEST_PAUSE_MILLIS = 5_000;

    /** Thrown by a write that found the table created by another writer after it looked. */
    static final class TableCreatedMeanwhile extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TableCreatedMeanwhile(Throwable cause) {
            super("the table was created by another writer", cause);
        }
    }

    private ConflictRetry() {}

    /** Runs {@code write}, again after a growing, jittered pause each time it loses a race. */
    static void run(Runnable write) {
        for (int attempt = 1; ; attempt++) {
            try {
                write.run();
                return;
            } catch (RuntimeException e) {
                if (!lostARace(e) || attempt == ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    static boolean lostARace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DeltaConcurrentModificationException || t instanceof TableCreatedMeanwhile) {
                return true;
            }
        }
        return false;
    }

    private static void pause(int attempt) {
        long pause = Math.min(LONGEST_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << (attempt - 1));
        try {
            // jitter: two writers that collided do not collide again at the same instant
            Thread.sleep(pause / 2 + ThreadLocalRandom.current().nextLong(pause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a store write", e);
        }
    }
}

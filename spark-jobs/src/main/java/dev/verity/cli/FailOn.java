package dev.verity.cli;

import dev.verity.store.advise.RetrainAdvice;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What {@code --fail-on} can ask a command to exit {@value #EXIT_CODE} for, after it wrote its results. */
enum FailOn {
    /** A feature drifted. */
    DRIFT("drift"),
    /** A finding of a data-loss kind. */
    DATA_LOSS("monitor"),
    /** A replayed score differs from the live one. */
    MISMATCH("replay", "pair-replay"),
    /** The advice is to retrain. */
    RETRAIN("evaluate", "advise"),
    /** The advice is to roll back a live canary. */
    ROLLBACK("advise"),
    /** The primary metric decayed beyond its interval since the first window. */
    QUALITY_DROP("evaluate", "advise"),
    /** A window outside its seasonal band, after false-discovery control. */
    ANOMALY("anomalies"),
    /** A protected group's gap to the reference group whose interval excludes no gap. */
    BIAS("fairness");

    /** The commands that can find it. */
    private final Set<String> commands;

    FailOn(String... commands) {
        this.commands = Set.of(commands);
    }

    /** What {@code command} can find. */
    static Set<FailOn> findableBy(String command) {
        Set<FailOn> findable = EnumSet.noneOf(FailOn.class);
        Arrays.stream(values()).filter(f -> f.commands.contains(command)).forEach(findable::add);
        return findable;
    }

    static final int EXIT_CODE = 3;

    /** The name on the command line: {@code data-loss}. */
    String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** What an advice finds: retrain or roll back, and a quality drop. */
    static Set<FailOn> of(RetrainAdvice.Advice advice) {
        Set<FailOn> found = EnumSet.noneOf(FailOn.class);
        if (advice.action() == RetrainAdvice.Action.RETRAIN) {
            found.add(RETRAIN);
        }
        if (advice.action() == RetrainAdvice.Action.ROLLBACK) {
            found.add(ROLLBACK);
        }
        if (advice.qualityDropped()) {
            found.add(QUALITY_DROP);
        }
        return found;
    }

    static FailOn ofId(String id) {
        return Arrays.stream(values())
                .filter(f -> f.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + id + "' is not one of "
                        + String.join(
                                ", ", Arrays.stream(values()).map(FailOn::id).toList())));
    }
}

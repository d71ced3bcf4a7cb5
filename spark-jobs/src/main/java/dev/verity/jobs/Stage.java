package dev.verity.jobs;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;

/**
 * One step of a job: a span name fixed for its kind of step (so a backend groups every run's
 * "load_model" together), the line the user reads on stderr, and what varies between runs (paths,
 * counts) as span attributes.
 */
public record Stage(String span, String message, Attributes attributes) {
    public static final AttributeKey<String> INPUT = AttributeKey.stringKey("verity.input.path");
    public static final AttributeKey<String> OUTPUT = AttributeKey.stringKey("verity.output.path");
    public static final AttributeKey<String> STORE = AttributeKey.stringKey("verity.store.path");
    public static final AttributeKey<String> MODEL = AttributeKey.stringKey("verity.model.path");
    public static final AttributeKey<Long> ITEMS = AttributeKey.longKey("verity.stage.items");

    public static Stage of(String span, String message) {
        return new Stage(span, message, Attributes.empty());
    }

    /** Writing a job's results into the evaluation store at {@code store}. */
    public static Stage storing(String store) {
        return of("write_results", "writing results to " + store).with(STORE, store);
    }

    public <T> Stage with(AttributeKey<T> key, T value) {
        return new Stage(span, message, attributes.toBuilder().put(key, value).build());
    }
}

package dev.verity.jobs.drift;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.verity.drift.DriftTests;
import dev.verity.drift.FeatureKind;
import dev.verity.store.BadInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Which test and threshold each feature gets: set for one feature, else for its kind, else
 * globally, else the {@code auto} choice with the test's default threshold. Read from a YAML
 * file (see conf/drift.yaml); command-line flags override the file.
 */
public record DriftSettings(Choice global, Choice numeric, Choice categorical, Map<String, Choice> features) {

    /** A method and/or a threshold; either may be left out (null). */
    public record Choice(String method, Double threshold) {
        static final Choice NONE = new Choice(null, null);

        Choice or(Choice fallback) {
            return new Choice(
                    method != null ? method : fallback.method, threshold != null ? threshold : fallback.threshold);
        }
    }

    public static DriftSettings defaults() {
        return new DriftSettings(Choice.NONE, Choice.NONE, Choice.NONE, Map.of());
    }

    /** The settings of a YAML file: keys method, threshold, numeric, categorical, features. */
    public static DriftSettings read(Path file) {
        record FileForm(
                String method, Double threshold, Choice numeric, Choice categorical, Map<String, Choice> features) {}
        try {
            FileForm form = new ObjectMapper(new YAMLFactory())
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(file.toFile(), FileForm.class);
            DriftSettings settings = new DriftSettings(
                    new Choice(form.method(), form.threshold()),
                    form.numeric() == null ? Choice.NONE : form.numeric(),
                    form.categorical() == null ? Choice.NONE : form.categorical(),
                    form.features() == null ? Map.of() : form.features());
            settings.validate(file.toString());
            return settings;
        } catch (IOException e) {
            throw new BadInputException(
                    file + ": " + e.getMessage().lines().findFirst().orElse("cannot read"), e);
        }
    }

    /** These settings with command-line overrides on top: a global method and per-feature thresholds. */
    public DriftSettings withOverrides(String method, Map<String, Double> thresholds) {
        Map<String, Choice> merged = new HashMap<>(features);
        thresholds.forEach((feature, threshold) -> merged.merge(
                feature, new Choice(null, threshold), (old, fresh) -> new Choice(old.method(), threshold)));
        if (method != null && !method.equals(DriftTests.AUTO)) {
            try {
                DriftTests.byName(method);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
        }
        Choice top = method == null ? global : new Choice(method, global.threshold());
        return new DriftSettings(top, numeric, categorical, merged);
    }

    /** The method and threshold (null: the test's default) for a feature compared as {@code kind}. */
    public Choice choose(String feature, FeatureKind kind) {
        Choice byKind = kind == FeatureKind.NUMERIC ? numeric : categorical;
        Choice chosen = features.getOrDefault(feature, Choice.NONE).or(byKind).or(global);
        return new Choice(chosen.method() == null ? DriftTests.AUTO : chosen.method(), chosen.threshold());
    }

    private void validate(String where) {
        Map<String, Choice> all = new HashMap<>(features);
        all.put("(global)", global);
        all.put("(numeric)", numeric);
        all.put("(categorical)", categorical);
        all.forEach((name, choice) -> {
            if (choice.method() != null && !choice.method().equals(DriftTests.AUTO)) {
                try {
                    DriftTests.byName(choice.method());
                } catch (IllegalArgumentException e) {
                    throw new BadInputException(where + ": " + name + ": " + e.getMessage());
                }
            }
        });
    }
}

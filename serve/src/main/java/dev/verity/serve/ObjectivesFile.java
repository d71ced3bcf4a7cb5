package dev.verity.serve;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.verity.store.BadInputException;
import dev.verity.store.Errors;
import dev.verity.store.Job;
import dev.verity.store.TimeSpans;
import dev.verity.store.prometheus.ExportSettings;
import dev.verity.store.prometheus.Objective;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A site's quality objectives and job schedules ({@code conf/objectives.yaml}): {@code objectives}
 * is a list of {@link Objective}s (keys in snake case: {@code at_least}, {@code
 * at_most_above_baseline}, ...), {@code jobs} maps a job to how often it must succeed
 * ({@code evaluate: 1d}). A job left out has no schedule; with no {@code jobs} key, the default
 * daily evaluate applies.
 */
public final class ObjectivesFile {
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private ObjectivesFile() {}

    /** Two objectives on one series whose absolute bounds no value meets together is an error naming both. */
    private static void requireSatisfiable(Path file, List<Objective> objectives) {
        for (int i = 0; i < objectives.size(); i++) {
            for (int j = 0; j < objectives.size(); j++) {
                Objective floor = objectives.get(i);
                Objective ceiling = objectives.get(j);
                if (i != j
                        && floor.atLeast() != null
                        && ceiling.atMost() != null
                        && floor.atLeast() > ceiling.atMost()
                        && floor.overlaps(ceiling)) {
                    throw new BadInputException(file + ": objectives[" + i + "].at_least " + floor.atLeast()
                            + " is above objectives[" + j + "].at_most " + ceiling.atMost() + " on the same "
                            + floor.metric() + " series: no value could meet both");
                }
            }
        }
    }

    /** The file's form; a key it does not know is an error, not ignored. */
    private record Form(List<Objective> objectives, Map<String, String> jobs) {}

    /** The export settings of {@code file} with {@code sliceCap} and {@code baselineDays}. */
    public static ExportSettings read(Path file, int sliceCap, int baselineDays) {
        Form form;
        try {
            form = YAML.readValue(file.toFile(), Form.class);
        } catch (UnrecognizedPropertyException e) {
            throw new BadInputException(
                    file + ": " + YamlKeys.path(e) + ": not a known key (known: " + e.getKnownPropertyIds() + ")");
        } catch (JsonMappingException e) {
            // an objective's own check (no bound, no severity) says best what is wrong
            String why = e.getCause() instanceof IllegalArgumentException invalid
                    ? invalid.getMessage()
                    : e.getOriginalMessage();
            throw new BadInputException(file + ": " + YamlKeys.path(e) + ": " + why);
        } catch (IOException e) {
            throw new BadInputException(file + ": " + Errors.oneLine(e));
        }
        if (form == null) {
            throw new BadInputException(file + ": empty (give objectives: and jobs:)");
        }
        Map<String, Long> periods = new LinkedHashMap<>();
        if (form.jobs() == null) {
            periods.putAll(ExportSettings.DEFAULT_JOB_PERIODS);
        } else {
            form.jobs().forEach((job, period) -> {
                if (Arrays.stream(Job.values()).noneMatch(j -> j.id().equals(job))) {
                    throw new BadInputException(file + ": jobs: '" + job + "' is not a job (one of "
                            + Arrays.stream(Job.values()).map(Job::id).toList() + ")");
                }
                try {
                    periods.put(job, TimeSpans.seconds(period));
                } catch (IllegalArgumentException e) {
                    throw new BadInputException(file + ": jobs: " + job + ": " + e.getMessage());
                }
            });
        }
        List<Objective> objectives = form.objectives() == null ? List.of() : form.objectives();
        requireSatisfiable(file, objectives);
        return new ExportSettings(sliceCap, baselineDays, objectives, periods);
    }
}

package dev.verity.jobs.replay;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.verity.drift.FeatureKind;
import dev.verity.store.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a saved model needs besides its Spark pipeline: the features it reads (and how), its label,
 * and the data it was trained on. Saved as {@code verity-model.json} next to the pipeline, so a
 * folder without one is not a Verity model.
 */
public record ModelCard(
        String algo,
        boolean crosses,
        List<Feature> features,
        String label,
        String trainedFrom,
        String trainedTo,
        long rows,
        long positives,
        String trainedAt,
        String data) {
    static final String FILE = "verity-model.json";
    static final String PIPELINE = "pipeline";
    /** Feature kinds are written lower case ("numeric"), as cards have always had them. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    public record Feature(String name, FeatureKind kind) {}

    public List<String> featureNames() {
        return features.stream().map(Feature::name).toList();
    }

    void save(Path folder) {
        try {
            Files.createDirectories(folder);
            JSON.writeValue(folder.resolve(FILE).toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ModelCard load(String folder) {
        Path file = Path.of(folder, FILE);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(
                    folder + ": not a Verity model (no " + FILE + "); train one with 'verity train'");
        }
        try {
            return JSON.readValue(file.toFile(), ModelCard.class);
        } catch (IOException e) {
            throw new BadInputException(file + ": unreadable model card: " + e.getMessage(), e);
        }
    }
}

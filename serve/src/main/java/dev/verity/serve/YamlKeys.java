package dev.verity.serve;

import com.fasterxml.jackson.databind.JsonMappingException;

/** Where in a YAML configuration file a mapping error is, for error messages. */
final class YamlKeys {
    private YamlKeys() {}

    /** The key path of {@code e}, as {@code objectives[0].slice}. */
    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference step : e.getPath()) {
            if (step.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(step.getFieldName());
            } else {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}

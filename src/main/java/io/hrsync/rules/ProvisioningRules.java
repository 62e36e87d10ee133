package io.hrsync.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.hrsync.config.HrsyncConfig;

/**
 * The ops-editable provisioning rules ({@code hrsync.rules-file}, default
 * {@code config/provisioning-rules.yaml}), one section per vendor. Read strictly: an unknown key, a
 * mistyped field or an unknown HRIS column fails startup with the file, the vendor and the key.
 */
@ApplicationScoped
@Named("provisioningRules")
public class ProvisioningRules {

    private final Path file;
    private final Map<String, VendorRules> byVendor;

    @Inject
    public ProvisioningRules(HrsyncConfig config) {
        this(config.rulesFile());
    }

    public ProvisioningRules(Path file) {
        this.file = file;
        this.byVendor = load(file);
    }

    public VendorRules forVendor(String vendor) {
        return byVendor.getOrDefault(vendor, VendorRules.NONE);
    }

    public Path file() {
        return file;
    }

    /** Problems of the rules against the vendors that exist and the keys each supports. */
    public List<String> check(Map<String, java.util.Set<String>> supportedKeysByVendor) {
        List<String> problems = new ArrayList<>();
        byVendor.forEach((vendor, rules) -> {
            java.util.Set<String> supported = supportedKeysByVendor.get(vendor);
            if (supported == null) {
                problems.add(file + ": unknown vendor '" + vendor + "' (known: " + supportedKeysByVendor.keySet() + ")");
                return;
            }
            for (String key : rules.keysInUse()) {
                if (!supported.contains(key)) {
                    problems.add(file + ": " + vendor + "." + key + " is not supported for " + vendor + " (supported: "
                            + supported + ")");
                }
            }
            rules.scope().where().keySet().stream().filter(c -> !HrsyncConfig.CANONICAL_FIELDS.contains(c))
                    .forEach(c -> problems.add(file + ": " + vendor + ".scope.where." + c + ": unknown HRIS column; known: "
                            + HrsyncConfig.CANONICAL_FIELDS));
            rules.customAttributes().forEach((attribute, field) -> {
                if (!rules.allowedCustomAttributes().contains(attribute)) {
                    problems.add(file + ": " + vendor + ".customAttributes." + attribute + ": '" + attribute
                            + "' is not in allowedCustomAttributes " + rules.allowedCustomAttributes()
                            + " (only attributes configured in the vendor may be written)");
                }
                if (!HrsyncConfig.CANONICAL_FIELDS.contains(field)) {
                    problems.add(file + ": " + vendor + ".customAttributes." + attribute + ": unknown HRIS field '" + field + "'");
                }
            });
        });
        return problems;
    }

    private static Map<String, VendorRules> load(Path file) {
        if (!Files.exists(file)) {
            return Map.of();
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        try {
            Map<String, VendorRules> rules = yaml.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, VendorRules>>() {
            });
            return rules == null ? Map.of() : rules;
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(file + ": unknown key '" + e.getPropertyName() + "' at "
                    + path(e) + " (known keys: " + e.getKnownPropertyIds() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    private static String path(UnrecognizedPropertyException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            }
        }
        return path.toString();
    }
}

package io.touchline.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import io.touchline.web.InvalidInputException;

/**
 * The elements CS Ops renamed in a diagram, kept in a small file beside it: {@code processes/<process
 * key>.rollout.yaml}, deployed with the diagrams on start or with the diagram from the Modeler or the REST API
 * (the latest deployed file counts):
 *
 * <pre>
 * renamed:
 *   Timer_Day14: Timer_Day10   # the id in an older version: the id in the new one
 * </pre>
 *
 * A line applies to an older version that has the old element, when the latest version has the new one and no
 * longer has the old one; so a file can stay as it is through later versions.
 */
@Component
public class RenamedElements {

    public static final String SUFFIX = ".rollout.yaml";

    /** The file's renamed elements, old id to new id; its name, for messages; what is wrong with it, if anything. */
    public record File(String name, Map<String, String> renamed, String problem) {
    }

    private final JdbcTemplate jdbc;

    RenamedElements(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The latest deployed {@code <processKey>.rollout.yaml}, or null when there is none. */
    public File of(String processKey) {
        String name = processKey + SUFFIX;
        List<Map<String, Object>> files = jdbc.queryForList("select B.NAME_, B.BYTES_ from ACT_GE_BYTEARRAY B "
                + "join ACT_RE_DEPLOYMENT D on D.ID_ = B.DEPLOYMENT_ID_ where B.NAME_ = ? or B.NAME_ like ? "
                + "order by D.DEPLOY_TIME_ desc, D.ID_ desc fetch first 1 rows only", name, "%/" + name);
        if (files.isEmpty()) {
            return null;
        }
        return new File(name, parse(name, new String((byte[]) files.get(0).get("BYTES_"), java.nio.charset.StandardCharsets.UTF_8)),
                null);
    }

    static Map<String, String> parse(String name, String text) {
        Object document;
        try {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (RuntimeException e) {
            throw new InvalidInputException("mapping", name + " is not YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<String, String> renamed = new LinkedHashMap<>();
        if (document == null) {
            return renamed;
        }
        if (!(document instanceof Map<?, ?> root) || !(root.get("renamed") == null || root.get("renamed") instanceof Map)) {
            throw new InvalidInputException("mapping", name + ": expected 'renamed:' with one 'old id: new id' a line, e.g. "
                    + "renamed: {Timer_Day14: Timer_Day10}");
        }
        Object entries = root.get("renamed");
        if (entries != null) {
            for (var entry : ((Map<?, ?>) entries).entrySet()) {
                if (entry.getKey() == null || entry.getValue() == null || entry.getKey() instanceof Map
                        || entry.getValue() instanceof Map || entry.getValue() instanceof List) {
                    throw new InvalidInputException("mapping", name + ": '" + entry.getKey()
                            + "' needs the new element's id after it, e.g. Timer_Day14: Timer_Day10");
                }
                renamed.put(String.valueOf(entry.getKey()).strip(), String.valueOf(entry.getValue()).strip());
            }
        }
        return renamed;
    }

    /** The lines of {@code file} that apply from {@code older} to {@code latest}. */
    static Map<String, String> applicable(File file, BpmnModelInstance older, BpmnModelInstance latest) {
        Map<String, String> applies = new LinkedHashMap<>();
        if (file != null) {
            file.renamed().forEach((from, to) -> {
                if (older.getModelElementById(from) != null && latest.getModelElementById(to) != null
                        && latest.getModelElementById(from) == null) {
                    applies.put(from, to);
                }
            });
        }
        return applies;
    }
}

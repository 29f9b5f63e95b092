package io.touchline.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

import io.touchline.model.DecisionTables;

/**
 * Whether an open of the tracking pixel is a person's or a mail privacy proxy's, as open-classification.dmn says
 * from the opener's network (the proxy networks' addresses are configured: {@code touchline.tracking.proxy-networks}),
 * its user agent and how soon after delivery it came.
 */
@Component
public class OpenClassification {

    static final String DECISION = "open-classification";
    static final String NONE = "none";

    /** A machine's open, and why; or a person's. */
    public record Opener(boolean machine, String reason) {
    }

    private record Block(String network, IpAddressMatcher addresses) {
    }

    private final DecisionTables decisions;
    private final List<Block> blocks = new ArrayList<>();

    OpenClassification(DecisionTables decisions, Environment environment) {
        this.decisions = decisions;
        Map<String, String> networks = Binder.get(environment).bind("touchline.tracking.proxy-networks",
                Bindable.mapOf(String.class, String.class)).orElse(new LinkedHashMap<>());
        networks.forEach((network, cidrs) -> {
            for (String cidr : cidrs.split(",")) {
                if (!cidr.isBlank()) {
                    blocks.add(block(network, cidr.strip()));
                }
            }
        });
    }

    private static Block block(String network, String cidr) {
        try {
            return new Block(network, new IpAddressMatcher(cidr));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("touchline.tracking.proxy-networks." + network + ": '" + cidr
                    + "' is not a CIDR block such as 17.0.0.0/8 (" + e.getMessage() + ")");
        }
    }

    /** The proxy network an address belongs to, or "none". */
    String networkOf(String address) {
        if (address == null || !address.matches("[0-9a-fA-F:.]+")) {
            return NONE; // an address only, never a name to look up
        }
        try {
            return blocks.stream().filter(b -> b.addresses().matches(address)).map(Block::network).findFirst().orElse(NONE);
        } catch (IllegalArgumentException e) {
            return NONE; // not an address
        }
    }

    public Opener classify(String userAgent, String address, Instant deliveredAt, Instant openedAt) {
        long seconds = deliveredAt == null ? Long.MAX_VALUE / 2 : Math.max(0, Duration.between(deliveredAt, openedAt).toSeconds());
        Map<String, Object> inputs = new java.util.HashMap<>();
        inputs.put("network", networkOf(address));
        inputs.put("userAgent", userAgent == null ? "" : userAgent.strip());
        inputs.put("secondsAfterDelivery", Math.min(seconds, 3600)); // an hour or more is all the same to the table
        Map<String, Object> answer = decisions.first(DECISION, inputs)
                .orElseThrow(() -> new IllegalStateException("open-classification.dmn has no rule for " + inputs));
        return new Opener(Boolean.TRUE.equals(answer.get("machine")), (String) answer.get("reason"));
    }
}

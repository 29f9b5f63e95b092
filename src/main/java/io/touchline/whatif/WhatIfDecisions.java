package io.touchline.whatif;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Profile;

/**
 * In the what-if JVM, Touchline's DMN backing classes (tier, task routing, health status,
 * communication type, ...) get a decision service that remembers answers: a replay asks the same
 * table the same question hundreds of thousands of times, the deployment never changes during a
 * replay, and a decision table is a pure function of its inputs, so the answers are the same.
 * The live application evaluates every time.
 */
@Configuration
@Profile("whatif")
class WhatIfDecisions {

    private static final int MAX_ENTRIES = 50_000;

    @Bean
    @Primary
    DecisionService rememberingDecisionService(ProcessEngine engine) {
        DecisionService decisions = engine.getDecisionService();
        Map<List<Object>, Object> answers = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<List<Object>, Object> eldest) {
                return size() > MAX_ENTRIES;
            }
        };
        return (DecisionService) Proxy.newProxyInstance(DecisionService.class.getClassLoader(),
                new Class<?>[] {DecisionService.class}, (proxy, method, args) -> {
                    boolean remembered = method.getName().equals("evaluateDecisionTableByKey") && args != null
                            && args.length == 2 && args[0] instanceof String && args[1] instanceof Map<?, ?>;
                    List<Object> question = remembered ? List.of(args[0], new HashMap<>((Map<?, ?>) args[1])) : null;
                    if (remembered) {
                        synchronized (answers) {
                            Object answer = answers.get(question);
                            if (answer != null) {
                                return answer;
                            }
                        }
                    }
                    Object answer;
                    try {
                        answer = method.invoke(decisions, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (remembered && answer != null) {
                        synchronized (answers) {
                            answers.put(question, answer);
                        }
                    }
                    return answer;
                });
    }
}

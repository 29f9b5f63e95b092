package io.touchline.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * Control characters in the API's input, refused with a 400 naming the field before anything is
 * read or written: a NUL anywhere in a JSON body (PostgreSQL cannot store it), and any control
 * character in a path segment ({@code /api/accounts/{externalId}}) or query parameter. One-line
 * fields in bodies say so with {@link OneLine}.
 */
@Configuration
class ControlCharacters implements WebMvcConfigurer {

    static final String NUL_MESSAGE = "may not contain a NUL character";

    /** Jackson reads every JSON string of the API through this. */
    @Bean
    Module noNulInJson() {
        SimpleModule module = new SimpleModule("touchline-no-nul");
        module.addDeserializer(String.class, new StringDeserializer() {
            @Override
            public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                String value = super.deserialize(parser, context);
                if (value != null && value.indexOf('\0') >= 0) {
                    throw InvalidFormatException.from(parser, NUL_MESSAGE, value, String.class);
                }
                return value;
            }
        });
        return module;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
                    variables.forEach((name, value) -> check(String.valueOf(name), String.valueOf(value)));
                }
                request.getParameterMap().forEach((name, values) -> {
                    for (String value : values) {
                        check(name, value);
                    }
                });
                return true;
            }
        }).addPathPatterns("/api/**");
    }

    private static void check(String field, String value) {
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(field, "may not contain control characters (NUL, line breaks, tabs)");
        }
    }
}

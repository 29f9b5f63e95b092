package io.touchline.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller whose answers are pages for people: a bad filter, an account not found or not
 * theirs, or a refused action is answered with a page saying so ({@link PageErrors}), not with the
 * API's JSON.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface HumanPages {
}

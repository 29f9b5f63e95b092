package io.touchline.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Pattern;

/**
 * A one-line value (a name, a title): no line breaks, tabs or other control characters. Such a
 * value reaches email subjects and headers, where a line break would cut the subject and spill the
 * rest into the body.
 */
@Documented
@Constraint(validatedBy = {})
@Pattern(regexp = "[^\\p{Cntrl}]*")
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface OneLine {

    String message() default "may not contain line breaks, tabs or other control characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}

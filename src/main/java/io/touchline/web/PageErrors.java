package io.touchline.web;

import java.security.Principal;
import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

import io.touchline.security.CurrentViewer;

/**
 * A page's errors as a page: what went wrong in words, with the navigation and the way back. A method that
 * answers a page (a view, not {@code @ResponseBody}) gets this; the API's methods get {@link ApiErrorHandler}'s
 * JSON, as before. Before {@link ApiErrorHandler}, so it decides which.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageErrors {

    private final ApiErrorHandler api;

    PageErrors(ApiErrorHandler api) {
        this.api = api;
    }

    @ExceptionHandler(InvalidInputException.class)
    Object invalid(InvalidInputException e, HandlerMethod handler, Principal user) {
        return isPage(handler) ? page(user, HttpStatus.BAD_REQUEST, "This page cannot show that",
                e.problems().stream().map(p -> (p.field() == null ? "" : p.field() + " ") + p.message()).toList())
                : api.invalid(e);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    Object mismatch(MethodArgumentTypeMismatchException e, HandlerMethod handler, Principal user) {
        return isPage(handler) ? page(user, HttpStatus.BAD_REQUEST, "This page cannot show that",
                List.of(e.getName() + " has the wrong format")) : api.mismatch(e);
    }

    @ExceptionHandler(NotFoundException.class)
    Object notFound(NotFoundException e, HandlerMethod handler, Principal user) {
        return isPage(handler) ? page(user, HttpStatus.NOT_FOUND, "Not found", List.of(e.getMessage())) : api.notFound(e);
    }

    @ExceptionHandler(AccessDeniedException.class)
    Object forbidden(AccessDeniedException e, HandlerMethod handler, Principal user) {
        return isPage(handler) ? page(user, HttpStatus.FORBIDDEN, "Not for your role", List.of(e.getMessage()))
                : api.forbidden(e);
    }

    /** A handler that renders a view; one with {@code @ResponseBody} (on it or its class) answers data. */
    static boolean isPage(HandlerMethod handler) {
        return handler != null && !handler.hasMethodAnnotation(ResponseBody.class)
                && !AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), ResponseBody.class)
                && !org.springframework.http.ResponseEntity.class.isAssignableFrom(handler.getMethod().getReturnType());
    }

    private static ModelAndView page(Principal user, HttpStatus status, String title, List<String> reasons) {
        ModelAndView page = new ModelAndView("error-page");
        // the navigation as on every page (an exception handler's model gets no @ModelAttribute of its own)
        page.addObject("leadsTheTeam", user instanceof Authentication auth && CurrentViewer.of(auth).leadsTheTeam());
        page.setStatus(status);
        page.addObject("title", title);
        page.addObject("reasons", reasons);
        page.addObject("status", status.value());
        return page;
    }
}

package io.touchline.web;

import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * The errors of {@link HumanPages} as a page: what went wrong in words, and the way back. Before
 * {@link ApiErrorHandler}, which answers everything else with JSON.
 */
@ControllerAdvice(annotations = HumanPages.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageErrors {

    @ExceptionHandler(InvalidInputException.class)
    ModelAndView invalid(InvalidInputException e, java.security.Principal user) {
        return page(user, HttpStatus.BAD_REQUEST, "This page cannot show that",
                e.problems().stream().map(p -> (p.field() == null ? "" : p.field() + " ") + p.message()).toList());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ModelAndView mismatch(MethodArgumentTypeMismatchException e, java.security.Principal user) {
        return page(user, HttpStatus.BAD_REQUEST, "This page cannot show that", List.of(e.getName() + " has the wrong format"));
    }

    @ExceptionHandler(NotFoundException.class)
    ModelAndView notFound(NotFoundException e, java.security.Principal user) {
        return page(user, HttpStatus.NOT_FOUND, "Not found", List.of(e.getMessage()));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ModelAndView forbidden(AccessDeniedException e, java.security.Principal user) {
        return page(user, HttpStatus.FORBIDDEN, "Not for your role", List.of(e.getMessage()));
    }

    private static ModelAndView page(java.security.Principal user, HttpStatus status, String title, List<String> reasons) {
        ModelAndView page = new ModelAndView("error-page");
        // the navigation as on every page (an exception handler's model gets no @ModelAttribute of its own)
        page.addObject("leadsTheTeam", user instanceof org.springframework.security.core.Authentication auth
                && io.touchline.security.CurrentViewer.of(auth).leadsTheTeam());
        page.setStatus(status);
        page.addObject("title", title);
        page.addObject("reasons", reasons);
        page.addObject("status", status.value());
        return page;
    }
}

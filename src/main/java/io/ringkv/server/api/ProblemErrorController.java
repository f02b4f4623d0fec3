package io.ringkv.server.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The web server's error page: errors raised before a request reaches a controller (a malformed
 * URI, a filter's refusal) are answered as problems too, instead of Spring Boot's default JSON.
 */
@RestController
public class ProblemErrorController implements ErrorController {
    private final ProblemHandler problems;

    public ProblemErrorController(ProblemHandler problems) {
        this.problems = problems;
    }

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ProblemType type = Problems.typeForStatus(status < 400 ? 500 : status);
        String detail = type == ProblemType.INTERNAL_ERROR
                ? "the node failed to handle the request; see its log"
                : "the request was refused before it reached the API (status " + status + ")";
        return problems.problem(type, detail, uri instanceof String s ? s : null);
    }
}

package dev.betterconvex.sample;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 404 to a client calling {@code /error} directly, which Spring Boot's error page would
 * answer with 500 (there is no error to show). The error dispatches of real errors still reach
 * it: this filter only sees requests.
 */
@Component
class ErrorPathFilter extends OncePerRequestFilter {

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"/error".equals(request.getServletPath());
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws IOException {
    response.sendError(HttpStatus.NOT_FOUND.value());
  }
}

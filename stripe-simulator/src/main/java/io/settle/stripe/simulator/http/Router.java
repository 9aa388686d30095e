package io.settle.stripe.simulator.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Maps a method and path to the endpoint that serves it. Filled once at start-up. */
public final class Router {

  private final List<Route> routes = new ArrayList<>();

  public Router get(String template, RouteHandler handler) {
    return add("GET", template, handler);
  }

  public Router post(String template, RouteHandler handler) {
    return add("POST", template, handler);
  }

  public Router delete(String template, RouteHandler handler) {
    return add("DELETE", template, handler);
  }

  private Router add(String method, String template, RouteHandler handler) {
    routes.add(new Route(method, PathTemplate.parse(template), handler));
    return this;
  }

  Optional<RouteMatch> match(String method, String path) {
    return routes.stream()
        .filter(route -> route.method().equals(method))
        .sorted(
            Comparator.comparingInt((Route route) -> route.template().literalCount()).reversed())
        .flatMap(route -> route.template().match(path).map(v -> new RouteMatch(route, v)).stream())
        .findFirst();
  }

  record Route(String method, PathTemplate template, RouteHandler handler) {}

  record RouteMatch(Route route, Map<String, String> pathParams) {}
}

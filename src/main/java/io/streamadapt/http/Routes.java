package io.streamadapt.http;

import io.streamadapt.http.HttpApi.Response;
import io.streamadapt.http.HttpApi.Status;
import java.util.List;

/**
 * The route table and the one place where outcomes become status codes. A path is matched segment by segment; a
 * {@code {v}} segment must be a version number, otherwise the request is a 400 that names the value.
 */
final class Routes {
    private static final String ADMIN_HOWTO = "admin actions are disabled: set http.admin-token (environment STREAMADAPT_HTTP_ADMIN_TOKEN) "
            + "and send the header 'Authorization: Bearer <token>'";

    /** Whether a route needs the admin token. */
    enum Access { OPEN, ADMIN }

    /** A matched request: the version path value, or -1 when the route has none, and the Accept header. */
    record Call(long version, String accept) {
    }

    interface Handler {
        Response handle(Call call);
    }

    record Route(String method, String pattern, Access access, Handler handler) {
        String[] segments() {
            return pattern.substring(1).split("/");
        }
    }

    private final List<Route> table;
    private final AdminToken token;

    private Routes(List<Route> table, AdminToken token) {
        // literal routes first: /models/unpin is not version "unpin"
        this.table = table.stream().sorted((a, b) -> Boolean.compare(a.pattern().contains("{"), b.pattern().contains("{"))).toList();
        this.token = token;
    }

    static Routes of(Backend b, AdminToken token) {
        return new Routes(List.of(
                new Route("GET", "/health", Access.OPEN, c -> status(b.livenessProblems(), "UP", "DOWN")),
                new Route("GET", "/ready", Access.OPEN, c -> status(b.readinessProblems(), "READY", "NOT_READY")),
                new Route("GET", "/metrics", Access.OPEN, c -> scrape(b.scrape(c.accept()))),
                new Route("GET", "/models", Access.OPEN, c -> Response.json(200, b.models())),
                new Route("POST", "/models/unpin", Access.ADMIN, c -> {
                    b.unpin();
                    return Response.json(202, new Backend.Pinned("none"));
                }),
                new Route("GET", "/models/{v}", Access.OPEN, c -> Response.json(200, b.version(c.version())
                        .orElseThrow(() -> ApiError.notFound("no model version " + c.version())))),
                new Route("POST", "/models/{v}/pin", Access.ADMIN, c -> {
                    b.pin(c.version());
                    return Response.json(202, new Backend.Pinned(c.version()));
                }),
                new Route("POST", "/models/{v}/rollback", Access.ADMIN, c -> Response.json(202, b.rollback(c.version())))), token);
    }

    private static Response status(List<String> problems, String ok, String failed) {
        Status s = Status.of(problems.isEmpty(), ok, failed, problems);
        return Response.json(problems.isEmpty() ? 200 : 503, s);
    }

    private static Response scrape(Backend.Scrape s) {
        return Response.text(s.contentType(), s.body());
    }

    Response dispatch(String method, String rawPath, String authorization, String accept) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath.replaceAll("/+$", "");
        String[] parts = path.isEmpty() ? new String[]{""} : path.substring(1).split("/", -1);
        boolean pathKnown = false;
        String badValue = null;
        for (Route r : table) {
            Match m = match(r.segments(), parts);
            if (m == null) {
                continue;
            }
            if (m.badValue() != null) {
                badValue = m.badValue();
                continue;
            }
            pathKnown = true;
            if (!r.method().equals(method)) {
                continue;
            }
            return call(r, new Call(m.version(), accept), authorization);
        }
        if (pathKnown) {
            return Response.error(405, "method " + method + " not allowed on " + path);
        }
        if (badValue != null) {
            return Response.error(400, "'" + abbreviate(badValue) + "' is not a version number (0 to " + Long.MAX_VALUE + ")");
        }
        return Response.error(404, "no such resource: " + abbreviate(path));
    }


    private record Match(long version, String badValue) {
    }

    private static Match match(String[] pattern, String[] parts) {
        if (pattern.length != parts.length) {
            return null;
        }
        long version = -1;
        String bad = null;
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].equals("{v}")) {
                try {
                    version = Long.parseLong(parts[i]);
                    if (version < 0 || !parts[i].chars().allMatch(Character::isDigit)) {
                        bad = parts[i];
                    }
                } catch (NumberFormatException e) {
                    bad = parts[i];
                }
            } else if (!pattern[i].equals(parts[i])) {
                return null;
            }
        }
        return new Match(version, bad);
    }

    private Response call(Route r, Call c, String authorization) {
        if (r.access() == Access.ADMIN) {
            if (!token.configured()) {
                return Response.error(403, ADMIN_HOWTO);
            }
            if (!token.matches(authorization)) {
                return Response.error(401, "admin actions need the header 'Authorization: Bearer <http.admin-token>'")
                        .withHeader("WWW-Authenticate", "Bearer realm=\"streamadapt\"");
            }
        }
        try {
            return r.handler().handle(c);
        } catch (ApiError e) {
            return Response.error(e.status(), e.getMessage());
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}

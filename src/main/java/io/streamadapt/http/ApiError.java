package io.streamadapt.http;

/** An outcome for the caller: an HTTP status and a sentence written for clients (never an internal exception's text). */
public final class ApiError extends RuntimeException {
    private final int status;

    public ApiError(int status, String message) {
        super(message);
        this.status = status;
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, message);
    }

    public static ApiError conflict(String message) {
        return new ApiError(409, message);
    }

    public static ApiError unavailable(String message) {
        return new ApiError(503, message);
    }

    public int status() {
        return status;
    }
}

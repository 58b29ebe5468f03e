package io.streamadapt.http;

import java.time.Duration;

/**
 * The JDK HTTP server reads its timeouts from system properties once, when its first instance is created. Without
 * them a client that opens a connection and sends half a request holds a worker thread for ever.
 */
final class ServerTimeouts {
    private ServerTimeouts() {
    }

    static void apply(Duration readTimeout) {
        long seconds = Math.max(1, readTimeout.toSeconds());
        // a request (headers and body) must be received within this many seconds, a response sent within the same
        System.setProperty("sun.net.httpserver.maxReqTime", Long.toString(seconds));
        System.setProperty("sun.net.httpserver.maxRspTime", Long.toString(Math.max(30, seconds)));
        // how often the server checks those limits
        System.setProperty("sun.net.httpserver.timerMillis", "500");
        System.setProperty("sun.net.httpserver.idleInterval", Long.toString(Math.max(30, seconds)));
    }
}

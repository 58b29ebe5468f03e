package io.streamadapt.service;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition during start-up, where the parts being waited for (a follower, Streams clients) offer no callback. */
final class Waiting {
    private Waiting() {
    }

    static void until(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}

/** The service's HTTP API: health, readiness, model versions with operator actions, and Prometheus metrics. */
package io.streamadapt.http;

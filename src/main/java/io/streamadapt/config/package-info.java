/**
 * Typed configuration: every key, its default and its documentation in one place ({@link io.streamadapt.config.Settings}),
 * loaded from a properties file, {@code STREAMADAPT_*} environment variables and command-line overrides, and validated
 * once at start-up.
 */
package io.streamadapt.config;

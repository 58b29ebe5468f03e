/**
 * The request flow: validated requests are scored by the newest accepted version (or the pinned one), which every
 * instance follows on the models topic and swaps in atomically.
 */
package io.streamadapt.serving;

/**
 * The serving stage, after ingest and training: validated requests are scored by the newest accepted version (or the pinned one), which every
 * instance follows on the models topic and swaps in atomically. Served probabilities are calibrated with the version's
 * temperature and corrected for label shift by the {@link io.streamadapt.serving.PriorTracker}'s estimate of the
 * class priors of recent requests.
 */
package io.streamadapt.serving;

/**
 * Adaptation without framework types: the {@link io.streamadapt.adapt.Classifier} seen by the rest of the service, the
 * {@link io.streamadapt.adapt.FineTuner} that turns a micro-batch into a candidate, and the
 * {@link io.streamadapt.adapt.Gate} that decides whether a candidate may serve. Deeplearning4j lives only in
 * {@code io.streamadapt.adapt.dl4j}.
 */
package io.streamadapt.adapt;

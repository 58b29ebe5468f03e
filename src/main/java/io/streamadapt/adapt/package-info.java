/**
 * Adaptation without framework types: the {@link io.streamadapt.adapt.Classifier} seen by the rest of the service, the
 * {@link io.streamadapt.adapt.FineTuner} that turns a micro-batch into a candidate, and the
 * {@link io.streamadapt.adapt.Gate} that decides whether a candidate may serve. Outside {@code io.streamadapt.adapt.dl4j}
 * (the only place Deeplearning4j lives) the package imports the JDK and its own types alone: data arrive as
 * {@link io.streamadapt.adapt.Example}s or a {@link io.streamadapt.adapt.LabelledTable}, parameters as records the
 * service builds from its configuration, and files and scenarios stay outside.
 */
package io.streamadapt.adapt;

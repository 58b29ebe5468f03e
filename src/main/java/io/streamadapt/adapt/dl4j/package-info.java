/**
 * The only package that touches Deeplearning4j and ND4J: building, pretraining, fine-tuning and serialising networks.
 * Everything else talks to it through {@link io.streamadapt.adapt.Classifier}, {@link io.streamadapt.adapt.FineTuner}
 * and {@link io.streamadapt.adapt.ModelCodec}.
 */
package io.streamadapt.adapt.dl4j;

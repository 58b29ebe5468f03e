/**
 * Label shift: the class mix of requests moves away from the one a model learned. This package estimates the class
 * priors of unlabelled requests (BBSE and the EM of Saerens, Latinne and Decaestecker), reweights served probabilities
 * by estimated / training prior ratios, and calibrates each version by temperature scaling on the gate's held-out
 * events. Pure arithmetic on probability arrays: no DL4J, no Kafka.
 */
package io.streamadapt.labelshift;

/** Feeds a target stream into Kafka the way producers would: each example first as a request, later as a labelled event. */
package io.streamadapt.replay;

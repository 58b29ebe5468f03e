/**
 * The first stage of both flows: raw labelled events and requests are validated against the contract; good records go
 * on as typed records, bad ones go to the dead-letter topic with their reason, source topic, partition and offset.
 */
package io.streamadapt.ingest;

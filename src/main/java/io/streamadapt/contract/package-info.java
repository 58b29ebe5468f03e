/**
 * The event contract of design §2: records for each topic, their JSON form, and validation that turns every kind of bad
 * input into a {@link io.streamadapt.contract.Rejection} with a readable reason instead of an exception.
 */
package io.streamadapt.contract;

/**
 * Model versions with their lineage, and the registry every instance keeps by following the compacted models topic.
 */
package io.streamadapt.model;

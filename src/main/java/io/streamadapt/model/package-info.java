/**
 * The hand-off between training and serving: model versions with their lineage, the loaded model a version serves
 * ({@link io.streamadapt.model.ServedModel}), and the registry every instance keeps by following the compacted models
 * topic. Training writes versions, serving reads them; neither needs the other.
 */
package io.streamadapt.model;

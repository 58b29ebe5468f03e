/**
 * The hand-off between training and serving: model versions with their lineage (built by the named factories of
 * {@link io.streamadapt.model.ModelVersion}), the loaded model a version serves
 * ({@link io.streamadapt.model.ServedModel}), and the {@link io.streamadapt.model.ModelRegistry}, an in-memory catalogue
 * every instance feeds from the compacted models topic ({@link io.streamadapt.model.ModelsTopicFeed}). Training writes
 * versions, serving reads them; neither needs the other. Version 0, the source model of a scenario, is pretrained and
 * cached by {@link io.streamadapt.model.SourceModels}.
 */
package io.streamadapt.model;

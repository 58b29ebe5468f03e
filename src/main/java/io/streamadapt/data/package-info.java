/**
 * Data sets and domain-adaptation scenarios.
 *
 * <p>A {@link io.streamadapt.data.Dataset} is an immutable-by-convention table of float feature
 * rows with integer labels that index a class list. Readers turn the shipped files into data sets:
 * {@link io.streamadapt.data.IdxReader} for the MNIST-family IDX files,
 * {@link io.streamadapt.data.CsvDatasetReader} for plain {@code f1,...,fd,label} CSV and
 * {@link io.streamadapt.data.OptdigitsReader} for the UCI optdigits table.
 * {@link io.streamadapt.data.MnistToOptdigits} re-creates optdigits' preprocessing on MNIST so
 * that both live in one 64-feature space.
 *
 * <p>A {@link io.streamadapt.data.Scenario} pairs a labelled source domain (what the pretrained
 * model sees) with a shifted target domain (what the stream delivers);
 * {@link io.streamadapt.data.Scenarios} builds the named, seeded scenarios. The origin, licence
 * and transformation of every shipped file are listed in {@code datasets/README.md} next to the
 * files.
 */
package io.streamadapt.data;

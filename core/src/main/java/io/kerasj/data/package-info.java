/**
 * Data read pass by pass instead of held in memory, as tf.data gives Keras: a {@link io.kerasj.data.Dataset} of
 * samples or batches from any iterator, shuffled through a buffer and batched, and a
 * {@link io.kerasj.data.CsvDataset} streamed from a CSV file. {@code Sequential.fit}, {@code evaluate} and
 * {@code predict} take a batched dataset and read it on a prefetching thread.
 */
package io.kerasj.data;

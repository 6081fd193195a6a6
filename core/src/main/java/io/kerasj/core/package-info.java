/**
 * The core of KerasJ: the four small interfaces every model is built from, and the model that composes them.
 *
 * <p>Separation of concerns:
 * <ul>
 *   <li>{@link io.kerasj.core.Layer} computes forward and backward for a batch and owns its buffers; it never
 *   sees the loss or the optimizer.</li>
 *   <li>{@link io.kerasj.core.Activation} is the layer's last function, with its derivative.</li>
 *   <li>{@link io.kerasj.core.Loss} is one formula, its gradient with the batch mean's 1/m, and the checks of
 *   the targets it reads.</li>
 *   <li>{@link io.kerasj.core.Optimizer} updates one flat buffer of weights from one flat buffer of gradients
 *   ({@link io.kerasj.core.Parameters}) and owns its state.</li>
 *   <li>{@link io.kerasj.core.Objective} is the one place where the output activation and the loss meet: it
 *   decides whether training reads the output layer's logits (softmax or sigmoid with a cross-entropy).</li>
 *   <li>{@link io.kerasj.core.Sequential} owns the order of calls: epochs, batching, metrics, callbacks and
 *   progress; it knows layers, losses and optimizers only through the interfaces, and finds them by name
 *   through {@link io.kerasj.core.Catalog}. Its training step (forward, the loss as the objective decides,
 *   backward, the update, large batches in chunks, and the buffers all of these reuse) is
 *   {@code TrainingStep}.</li>
 *   <li>{@link io.kerasj.core.Matrix} and {@link io.kerasj.core.Kernels} are the hot loops: element-wise work
 *   in Java on the arrays' own memory, products through the BLAS that ND4J loaded.</li>
 * </ul>
 * Modules {@code layers}, {@code losses} and {@code optimizers} implement the interfaces and depend on this one
 * only.
 */
package io.kerasj.core;

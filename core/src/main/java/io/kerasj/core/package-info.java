/**
 * The API of KerasJ: the model and the small interfaces every model is built from.
 *
 * <p>Separation of concerns:
 * <ul>
 *   <li>{@link io.kerasj.core.Layer} computes forward and backward for a batch and owns its buffers; it never
 *   sees the loss or the optimizer. {@link io.kerasj.core.BaseLayer} is what a layer of your own extends.</li>
 *   <li>{@link io.kerasj.core.Activation} is the layer's last function, with its derivative.</li>
 *   <li>{@link io.kerasj.core.Loss} is one formula, its gradient with the batch mean's 1/m, and the checks of
 *   the targets it reads.</li>
 *   <li>{@link io.kerasj.core.Optimizer} updates one flat buffer of weights from one flat buffer of gradients
 *   ({@link io.kerasj.core.Parameters}) and owns its state.</li>
 *   <li>All four compute through {@link io.kerasj.ops.Ops}, the one interface between them and the engine that runs
 *   it (the host engine on ND4J's CPU backend, or the portable one on any backend).</li>
 *   <li>{@link io.kerasj.core.Objective} is the one place where the output activation and the loss meet: it
 *   decides whether training reads the output layer's logits (softmax or sigmoid with a cross-entropy).</li>
 *   <li>{@link io.kerasj.core.Sequential} holds the layers, their weights and the compile settings; the loops of
 *   fit, evaluate and predict are the engine's ({@code io.kerasj.engine.Trainer}, not API). It knows layers, losses
 *   and optimizers only through the interfaces, and finds them by name through {@link io.kerasj.core.Catalog}.</li>
 * </ul>
 * Modules {@code layers}, {@code losses} and {@code optimizers} implement the interfaces and depend on this module
 * only, through this package and {@code io.kerasj.ops}.
 */
package io.kerasj.core;

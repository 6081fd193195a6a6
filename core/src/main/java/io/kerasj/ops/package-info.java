/**
 * The boundary between what a model computes and the engine that computes it, as Keras 3's {@code keras.ops}:
 * {@link io.kerasj.ops.Ops} (products, element-wise arithmetic, activations, losses, metrics' counts, optimizer
 * updates) and {@link io.kerasj.ops.Slots} (an optimizer's state). Layers, losses, activations, metrics and
 * optimizers are written against these two only. See docs/engine.md.
 */
package io.kerasj.ops;

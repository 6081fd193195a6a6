/**
 * Not API: may change at any time. The two implementations of {@link io.kerasj.ops.Ops} — {@code HostOps} (Java
 * loops on host memory in {@code Kernels} and {@code Matrix}, products to OpenBLAS, optimizer state in
 * {@code HostSlots}) and {@code PortableOps} (ND4J's own ops) — and what runs a model: {@code Trainer} (the loops of
 * fit, evaluate and predict), {@code TrainingStep} (forward, loss, backward, update; large batches in chunks on two
 * cores), {@code Inputs} (the checks of x and y) and {@code BlasThreads}. The layers, losses and optimizers modules
 * never import this package (a test checks it).
 */
package io.kerasj.engine;

package io.kerasj.examples;

import java.util.Locale;

/**
 * The Keras blog's softmax table for the logits [2.0, 4.3, 1.2, −3.1]: each logit, its exponential and its
 * softmax value (to 6 decimals; the blog's table gets the last row wrong), their sum, the argmax, and, for
 * contrast, the normalisation without exponentials (z / Σz), which yields a negative "probability".
 *
 * <pre>mvn -q -pl examples -am compile exec:java -Dexec.mainClass=io.kerasj.examples.SoftmaxExplainer</pre>
 */
public final class SoftmaxExplainer {

    /** The numbers the program prints. */
    public record Result(double[] logits, double[] exponentials, double[] softmax, double sum, int argmax,
            double[] naive) {}

    private SoftmaxExplainer() {}

    public static void main(String[] args) {
        Examples.main(args, SoftmaxExplainer::run);
    }

    public static Result run(String... args) {
        Options o = new Options("SoftmaxExplainer")
                .add("logits", "2.0,4.3,1.2,-3.1", "comma-separated logits").parse(args);
        if (o.helpRequested()) {
            System.out.println(o.usage());
            return null;
        }
        String[] parts = o.string("logits").split(",");
        double[] z = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                z[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("SoftmaxExplainer: --logits must be numbers separated by commas. Received: "
                        + o.string("logits"));
            }
        }
        // Written out as in the blog: exp(z_i) / Σ_j exp(z_j).
        double[] e = new double[z.length];
        double total = 0;
        for (int i = 0; i < z.length; i++) {
            e[i] = Math.exp(z[i]);
            total += e[i];
        }
        double[] p = new double[z.length];
        double sum = 0;
        int argmax = 0;
        for (int i = 0; i < z.length; i++) {
            p[i] = e[i] / total;
            sum += p[i];
            if (p[i] > p[argmax]) {
                argmax = i;
            }
        }
        double zSum = 0;
        for (double v : z) {
            zSum += v;
        }
        double[] naive = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            naive[i] = z[i] / zSum;
        }

        System.out.println("Softmax turns logits into probabilities: softmax(z)_i = exp(z_i) / sum_j exp(z_j)");
        System.out.println();
        System.out.printf(Locale.ROOT, "%-6s %10s %12s %12s%n", "class", "logit z", "exp(z)", "softmax(z)");
        for (int i = 0; i < z.length; i++) {
            System.out.printf(Locale.ROOT, "%-6d %10.1f %12.6f %12.6f%n", i, z[i], e[i], p[i]);
        }
        System.out.printf(Locale.ROOT, "%-6s %10s %12.6f %12.6f%n", "sum", "", total, sum);
        System.out.println();
        System.out.printf(Locale.ROOT, "argmax: class %d (logit %.1f, probability %.6f); the largest logit is the most likely class%n",
                argmax, z[argmax], p[argmax]);
        System.out.println();
        System.out.printf(Locale.ROOT, "Without exponentials, z_i / sum_j z_j (sum of logits = %.1f):%n", zSum);
        for (int i = 0; i < z.length; i++) {
            System.out.printf(Locale.ROOT, "%-6d %10.1f %12.6f%s%n", i, z[i], naive[i],
                    naive[i] < 0 ? "   <- negative: not a probability" : "");
        }
        System.out.println("The exponentials make every value positive, so the normalised values are probabilities.");
        return new Result(z, e, p, sum, argmax, naive);
    }
}

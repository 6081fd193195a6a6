package io.kerasj.data;

import io.kerasj.datasets.DatasetException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

/**
 * A pair of IDX files (MNIST's format: images as unsigned bytes, {@code idx3}, and their labels, {@code idx1}),
 * raw or gzipped, as a {@link Dataset} of samples read image by image and never loaded whole: features are an
 * image's rows·cols pixels flattened and scaled to [0, 1], the target its label.
 *
 * <pre>{@code
 * Dataset train = IdxDataset.read(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"))
 *         .shuffle(10_000).batch(128);
 * }</pre>
 *
 * <p>The headers are read when the dataset is made, so its length is known; a file that ends early stops the pass
 * with a {@link DatasetException} naming the file and the sample. {@link io.kerasj.datasets.Mnist} loads and checks
 * the published files in memory; this reads any such pair as a stream.
 */
public final class IdxDataset {

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private IdxDataset() {}

    /** The images of {@code images} [n, rows, cols] with the labels of {@code labels} [n], as samples. */
    public static Dataset read(Path images, Path labels) {
        int[] imageDims = header(images, IMAGES_MAGIC, 3);
        int[] labelDims = header(labels, LABELS_MAGIC, 1);
        if (imageDims[0] != labelDims[0]) {
            throw new DatasetException("IdxDataset: " + images + " holds " + imageDims[0] + " images but " + labels
                    + " holds " + labelDims[0] + " labels");
        }
        int pixels = imageDims[1] * imageDims[2];
        return Dataset.fromSamples(() -> new Samples(images, labels, imageDims[0], pixels), imageDims[0]);
    }

    /** The dimensions of the file's header, checked against the magic number and rank expected. */
    private static int[] header(Path file, int magic, int rank) {
        try (DataInputStream in = open(file)) {
            return readHeader(in, file, magic, rank);
        } catch (IOException e) {
            throw new DatasetException("IdxDataset: cannot read the header of " + file + ": " + e.getMessage(), e);
        }
    }

    private static int[] readHeader(DataInputStream in, Path file, int magic, int rank) throws IOException {
        int found = in.readInt();
        if (found != magic) {
            throw new DatasetException(String.format("IdxDataset: %s starts with 0x%08x, not the IDX magic number "
                    + "0x%08x of %s", file, found, magic, rank == 3 ? "images of unsigned bytes" : "labels"));
        }
        int[] dims = new int[rank];
        for (int d = 0; d < rank; d++) {
            dims[d] = in.readInt();
            if (dims[d] <= 0) {
                throw new DatasetException("IdxDataset: " + file + ": dimension " + d + " is " + dims[d]);
            }
        }
        return dims;
    }

    /** The file as a stream, inflated when it is gzipped (its first two bytes are gzip's 0x1f 0x8b). */
    private static DataInputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        boolean gzipped = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return new DataInputStream(gzipped ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in);
    }

    /** One pass: both files open, one image and one label read per sample, closed at the end or on close. */
    private static final class Samples implements Iterator<Dataset.Sample>, AutoCloseable {

        private final Path imagesFile;
        private final Path labelsFile;
        private final long count;
        private final byte[] image;
        private final DataInputStream images;
        private final DataInputStream labels;
        private long next;
        private boolean closed;

        Samples(Path imagesFile, Path labelsFile, long count, int pixels) {
            this.imagesFile = imagesFile;
            this.labelsFile = labelsFile;
            this.count = count;
            this.image = new byte[pixels];
            try {
                images = open(imagesFile);
                readHeader(images, imagesFile, IMAGES_MAGIC, 3);
            } catch (IOException e) {
                throw new DatasetException("IdxDataset: cannot open " + imagesFile + ": " + e.getMessage(), e);
            }
            try {
                labels = open(labelsFile);
                readHeader(labels, labelsFile, LABELS_MAGIC, 1);
            } catch (IOException e) {
                closeQuietly();
                throw new DatasetException("IdxDataset: cannot open " + labelsFile + ": " + e.getMessage(), e);
            }
        }

        @Override public boolean hasNext() {
            if (next < count) {
                return true;
            }
            close();
            return false;
        }

        @Override public Dataset.Sample next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int label;
            try {
                images.readFully(image);
            } catch (IOException e) {
                throw failure(imagesFile, "image", e);
            }
            try {
                label = labels.readUnsignedByte();
            } catch (IOException e) {
                throw failure(labelsFile, "label", e);
            }
            double[] x = new double[image.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = (image[i] & 0xff) / 255.0;
            }
            next++;
            return new Dataset.Sample(x, new double[] {label});
        }

        private DatasetException failure(Path file, String what, IOException e) {
            close();
            return new DatasetException("IdxDataset: " + file + (e instanceof EOFException
                    ? " ends before " + what + " " + next + " of the " + count + " its header declares"
                    : ": reading " + what + " " + next + " failed: " + e.getMessage()), e);
        }

        @Override public void close() {
            if (!closed) {
                closed = true;
                closeQuietly();
            }
        }

        private void closeQuietly() {
            try {
                if (images != null) {
                    images.close();
                }
                if (labels != null) {
                    labels.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("IdxDataset: closing " + imagesFile + " failed", e);
            }
        }
    }
}

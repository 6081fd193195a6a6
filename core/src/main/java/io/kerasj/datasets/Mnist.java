package io.kerasj.datasets;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MNIST handwritten digits, like Keras's {@code keras.datasets.mnist.load_data()}: 60,000 training and
 * 10,000 test images of 28×28 pixels (0–255) with their labels (0–9).
 *
 * <pre>{@code
 * Mnist.Dataset mnist = Mnist.loadData();
 * INDArray xTrain = mnist.train().features();   // [60000, 784], scaled to [0, 1]
 * int[] yTrain = mnist.train().labels();
 * }</pre>
 *
 * <p>Where the four IDX files ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each gzipped ({@code .gz}) or raw) come
 * from, in this order:
 * <ol>
 *   <li>a directory given by the caller ({@link #loadData(Path)}, {@link Loader#directory});</li>
 *   <li>the directory named by the environment variable {@value #ENV};</li>
 *   <li>the cache directory {@code ~/.kerasj/datasets/mnist};</li>
 *   <li>else (for each file missing from the cache) a download from the public mirrors that serve the
 *   original gzipped files ({@link #MIRRORS}, tried in order), shown as progress in the log. Each download
 *   is written to a temporary file, verified by the SHA-256 of its decompressed content ({@link #SHA256}),
 *   and only then moved into the cache, atomically.</li>
 * </ol>
 * A directory given by the caller or by the environment variable must hold all four files; the loader does
 * not download into it. Every file is checked: magic number, dimensions, length and label range; a
 * truncated or corrupt file is rejected with a {@link DatasetException} naming the file and the problem.
 */
public final class Mnist {

    private static final Logger log = LoggerFactory.getLogger(Mnist.class);

    /** The environment variable naming a directory that holds the four files. */
    public static final String ENV = "KERASJ_MNIST_DIR";

    /** The mirrors serving the original gzipped IDX files (the list torchvision uses), tried in order. */
    public static final List<URI> MIRRORS = List.of(
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            URI.create("http://yann.lecun.com/exdb/mnist/"));

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    /** SHA-256 of each file's decompressed content. */
    public static final Map<String, String> SHA256 = Map.of(
            TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    private static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
    static final int LABELS_MAGIC = 0x00000801;
    static final int IMAGES_MAGIC = 0x00000803;
    /** The most that deflate can expand its input: 258 bytes from 2 bits, about 1032:1. */
    private static final long MAX_INFLATE_RATIO = 1032;

    private Mnist() {}

    /** Loads from the first source that has the files (see the class comment), downloading if needed. */
    public static Dataset loadData() {
        return loader().load();
    }

    /** Loads from {@code directory}, which must hold the four files (gzipped or raw). */
    public static Dataset loadData(Path directory) {
        return loader().directory(directory).load();
    }

    /** A loader whose sources can be changed (directory, environment, cache, mirrors). */
    public static Loader loader() {
        return new Loader();
    }

    /** The training and the test split. */
    public record Dataset(Split train, Split test) {}

    /** Images (row-major, one unsigned byte per pixel) and their labels. */
    public static final class Split {
        private final byte[] pixels;
        private final int[] labels;
        private final int rows;
        private final int cols;

        Split(byte[] pixels, int[] labels, int rows, int cols) {
            this.pixels = pixels;
            this.labels = labels;
            this.rows = rows;
            this.cols = cols;
        }

        public int size() {
            return labels.length;
        }

        public int rows() {
            return rows;
        }

        public int cols() {
            return cols;
        }

        /** The label of image {@code i}. */
        public int label(int i) {
            return labels[i];
        }

        /** All labels (a copy). */
        public int[] labels() {
            return labels.clone();
        }

        /** Pixel (r, c) of image {@code i}, 0 (background) to 255 (ink). */
        public int pixel(int i, int r, int c) {
            return pixels[(i * rows + r) * cols + c] & 0xFF;
        }

        /** The images as Keras returns them: float32 [n, rows, cols] with values 0–255. */
        public INDArray images() {
            return Nd4j.create(toFloats(1f), new long[] {size(), rows, cols}, 'c');
        }

        /** Flattened to rows × cols features and scaled to [0, 1]: float32 [n, rows·cols]. */
        public INDArray features() {
            return Nd4j.create(toFloats(1f / 255f), new long[] {size(), (long) rows * cols}, 'c');
        }

        /** The labels as a float32 tensor [n], the form the sparse losses take. */
        public INDArray labelsTensor() {
            return Nd4j.createFromArray(labels).castTo(DataType.FLOAT);
        }

        /** The first {@code n} images and labels. */
        public Split head(int n) {
            if (n < 0 || n > size()) {
                throw new IllegalArgumentException("Mnist.Split.head: n must be in [0, " + size() + "]. Received: " + n);
            }
            return new Split(Arrays.copyOf(pixels, n * rows * cols), Arrays.copyOf(labels, n), rows, cols);
        }

        private float[] toFloats(float scale) {
            float[] out = new float[pixels.length];
            for (int i = 0; i < pixels.length; i++) {
                out[i] = (pixels[i] & 0xFF) * scale;
            }
            return out;
        }
    }

    /** Configures where files come from; {@link Mnist#loadData()} uses the defaults. */
    public static final class Loader {
        private Path directory;
        private Function<String, String> environment = System::getenv;
        private Path cacheDir = Path.of(System.getProperty("user.home"), ".kerasj", "datasets", "mnist");
        private List<URI> mirrors = MIRRORS;
        private Map<String, String> checksums = SHA256;
        private Duration timeout = Duration.ofMinutes(5);

        private Loader() {}

        /** A directory holding the four files; it takes precedence over everything else. */
        public Loader directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /** How environment variables are read (System::getenv by default). */
        public Loader environment(Function<String, String> environment) {
            this.environment = Objects.requireNonNull(environment);
            return this;
        }

        /** The cache directory that downloads go to (default ~/.kerasj/datasets/mnist). */
        public Loader cacheDir(Path cacheDir) {
            this.cacheDir = Objects.requireNonNull(cacheDir);
            return this;
        }

        /** Base URLs to download from, tried in order; each serves {@code <file>.gz}. */
        public Loader mirrors(List<URI> mirrors) {
            this.mirrors = List.copyOf(mirrors);
            return this;
        }

        /** Expected SHA-256 (hex) of each file's decompressed content, by file name without ".gz". */
        public Loader checksums(Map<String, String> checksums) {
            this.checksums = Map.copyOf(checksums);
            return this;
        }

        /** Time allowed for one download. */
        public Loader timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Finds (or downloads), checks and reads the four files. */
        public Dataset load() {
            Path dir = directory;
            String source = "the given directory";
            if (dir == null) {
                String env = environment.apply(ENV);
                if (env != null && !env.isBlank()) {
                    dir = Path.of(env);
                    source = "$" + ENV;
                }
            }
            Map<String, Path> files = new LinkedHashMap<>();
            if (dir != null) {
                if (!Files.isDirectory(dir)) {
                    throw new DatasetException("MNIST: " + dir + " (" + source + ") is not a directory");
                }
                for (String name : FILES) {
                    Path found = find(dir, name);
                    if (found == null) {
                        throw new DatasetException("MNIST: " + dir + " (" + source + ") has neither " + name
                                + ".gz nor " + name);
                    }
                    files.put(name, found);
                }
            } else {
                for (String name : FILES) {
                    Path found = find(cacheDir, name);
                    files.put(name, found != null ? found : download(name));
                }
            }
            log.info("Loading MNIST from {}", files.get(TRAIN_IMAGES).getParent());
            Split train = split(files.get(TRAIN_IMAGES), files.get(TRAIN_LABELS));
            Split test = split(files.get(TEST_IMAGES), files.get(TEST_LABELS));
            return new Dataset(train, test);
        }

        private static Path find(Path dir, String name) {
            for (Path p : List.of(dir.resolve(name + ".gz"), dir.resolve(name))) {
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
            return null;
        }

        private Path download(String name) {
            String expected = checksums.get(name);
            if (expected == null) {
                throw new DatasetException("MNIST: no SHA-256 known for " + name);
            }
            Path target = cacheDir.resolve(name + ".gz");
            try {
                Files.createDirectories(cacheDir);
            } catch (IOException e) {
                throw new DatasetException("MNIST: cannot create the cache directory " + cacheDir + ": " + e, e);
            }
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(30)).build();
            List<String> failures = new ArrayList<>();
            for (URI mirror : mirrors) {
                URI uri = mirror.resolve(name + ".gz");
                Path temp = null;
                try {
                    temp = Files.createTempFile(cacheDir, name + ".", ".part");
                    fetch(client, uri, temp, name);
                    byte[] content = decompress(Files.readAllBytes(temp), name + ".gz from " + uri);
                    String actual = sha256(content);
                    if (!actual.equalsIgnoreCase(expected)) {
                        throw new DatasetException(name + ".gz from " + uri + ": SHA-256 of the decompressed content is "
                                + actual + ", expected " + expected);
                    }
                    try {
                        // Temporary files are owner-only; the cached file reads like any other.
                        Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                    } catch (UnsupportedOperationException e) {
                        // not a POSIX file system
                    }
                    moveAtomically(temp, target);
                    log.info("Saved {} ({} bytes, SHA-256 verified)", target, Files.size(target));
                    return target;
                } catch (IOException | DatasetException e) {
                    String reason = e instanceof DatasetException ? e.getMessage() : uri + ": " + e;
                    log.warn("MNIST download failed: {}", reason);
                    failures.add(reason);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DatasetException("MNIST: download of " + uri + " interrupted", e);
                } finally {
                    if (temp != null) {
                        try {
                            Files.deleteIfExists(temp);
                        } catch (IOException ignored) {
                            // best effort: a leftover .part file is harmless
                        }
                    }
                }
            }
            throw new DatasetException("MNIST: could not download " + name + ".gz from any mirror: "
                    + String.join("; ", failures));
        }

        private void fetch(HttpClient client, URI uri, Path temp, String name) throws IOException, InterruptedException {
            log.info("Downloading {}", uri);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode());
                }
                long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                try (OutputStream out = Files.newOutputStream(temp)) {
                    byte[] buffer = new byte[64 * 1024];
                    long done = 0;
                    int lastTenth = 0;
                    long lastMb = 0;
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        out.write(buffer, 0, n);
                        done += n;
                        if (total > 0) {
                            int tenth = (int) (done * 10 / total);
                            if (tenth > lastTenth) {
                                lastTenth = tenth;
                                log.info("{}.gz: {}% ({} of {} bytes)", name, tenth * 10, done, total);
                            }
                        } else if (done / (1 << 20) > lastMb) {
                            lastMb = done / (1 << 20);
                            log.info("{}.gz: {} MiB", name, lastMb);
                        }
                    }
                    if (total > 0 && done != total) {
                        throw new IOException("connection closed after " + done + " of " + total + " bytes");
                    }
                }
            }
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The content of a gzipped file, or the bytes themselves if they are not gzipped (no gzip magic). */
    static byte[] decompress(byte[] bytes, String what) {
        if (bytes.length < 2 || (bytes[0] & 0xFF) != 0x1f || (bytes[1] & 0xFF) != 0x8b) {
            return bytes;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, bytes.length * 4));
            in.transferTo(out);
            return out.toByteArray();
        } catch (EOFException e) {
            throw new DatasetException(what + ": corrupt gzip data: the compressed stream is truncated", e);
        } catch (ZipException e) {
            throw new DatasetException(what + ": corrupt gzip data: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DatasetException(what + ": cannot decompress: " + e, e);
        }
    }

    /** An IDX file's dimensions and the data after its header. */
    private record Idx(int[] dims, byte[] data) {}

    /**
     * Reads an IDX file, gzipped or raw, as a stream: the header first, then exactly the number of bytes it
     * declares. Reading stops there, so a file that inflates to far more than its header says (a gzip bomb) is
     * rejected after one byte too many, never held in memory whole.
     */
    private static Idx readIdx(Path file, int expectedMagic, int rank) {
        int headerLength = 4 + 4 * rank;
        try (InputStream buffered = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            long fileSize = Files.size(file);
            buffered.mark(2);
            boolean gzipped = buffered.read() == 0x1f && buffered.read() == 0x8b;
            buffered.reset();
            InputStream in = gzipped ? new GZIPInputStream(buffered, 1 << 16) : buffered;
            byte[] header = in.readNBytes(headerLength);
            int[] dims = header(header, file, expectedMagic, rank);
            long declared = 1;
            for (int d : dims) {
                declared *= d;
            }
            // Deflate inflates at most 1032:1, so a header declaring more than that cannot be honest; checking
            // before allocating keeps a forged header from asking for gigabytes.
            long possible = gzipped ? fileSize * MAX_INFLATE_RATIO : fileSize - headerLength;
            if (declared > Integer.MAX_VALUE - headerLength || declared > possible) {
                throw truncated(file, dims, headerLength + declared, gzipped
                        ? "a gzip file of " + fileSize + " bytes inflates to at most " + (fileSize * MAX_INFLATE_RATIO)
                        : "the file has " + fileSize);
            }
            byte[] data = new byte[(int) declared];
            int read = in.readNBytes(data, 0, data.length);
            if (read < declared) {
                throw truncated(file, dims, headerLength + declared, "the content has " + (headerLength + read));
            }
            if (in.read() != -1) {
                throw new DatasetException(file + ": " + (gzipped
                        ? "unexpected bytes after the " + Arrays.toString(dims) + " data declared by the header ("
                                + (headerLength + declared) + " bytes): the decompressed content is longer"
                        : (fileSize - headerLength - declared) + " unexpected bytes after the " + Arrays.toString(dims)
                                + " data declared by the header (" + (headerLength + declared) + " bytes)"));
            }
            return new Idx(dims, data);
        } catch (EOFException e) {
            throw new DatasetException(file + ": corrupt gzip data: the compressed stream is truncated", e);
        } catch (ZipException e) {
            throw new DatasetException(file + ": corrupt gzip data: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read: " + e, e);
        }
    }

    private static DatasetException truncated(Path file, int[] dims, long expectedLength, String actual) {
        return new DatasetException(file + ": truncated: the header declares " + Arrays.toString(dims) + " ("
                + expectedLength + " bytes) but " + actual + " bytes");
    }

    private static Split split(Path imagesFile, Path labelsFile) {
        Idx images = readIdx(imagesFile, IMAGES_MAGIC, 3);
        Idx labels = readIdx(labelsFile, LABELS_MAGIC, 1);
        int count = images.dims()[0];
        if (count != labels.dims()[0]) {
            throw new DatasetException(imagesFile + " holds " + count + " images but " + labelsFile + " holds "
                    + labels.dims()[0] + " labels");
        }
        int[] ids = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = labels.data()[i] & 0xFF;
            if (ids[i] > 9) {
                throw new DatasetException(labelsFile + ": label " + i + " is " + ids[i] + "; MNIST labels are 0-9");
            }
        }
        return new Split(images.data(), ids, images.dims()[1], images.dims()[2]);
    }

    /** Checks the IDX header (magic number, dimensions); returns the dimensions. */
    private static int[] header(byte[] header, Path file, int expectedMagic, int rank) {
        int headerLength = 4 + 4 * rank;
        if (header.length < headerLength) {
            throw new DatasetException(file + ": truncated: " + header.length + " bytes, shorter than the "
                    + headerLength + "-byte IDX header");
        }
        ByteBuffer buffer = ByteBuffer.wrap(header);
        int magic = buffer.getInt();
        if (magic != expectedMagic) {
            throw new DatasetException(String.format(Locale.ROOT, "%s: bad magic number 0x%08X, expected 0x%08X (%s)",
                    file, magic, expectedMagic, rank == 1 ? "IDX unsigned-byte labels, 1 dimension"
                            : "IDX unsigned-byte images, 3 dimensions"));
        }
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = buffer.getInt();
            if (dims[i] <= 0 || (i > 0 && dims[i] > 4096)) {
                throw new DatasetException(file + ": bad dimension " + i + " in the header: " + dims[i]);
            }
        }
        return dims;
    }
}

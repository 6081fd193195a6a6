package io.kerasj.datasets;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
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
 *   <li>else (for each file missing from the cache) a download over https from the public mirrors that serve
 *   the original gzipped files ({@link #MIRRORS}, tried in order), shown as progress in the log. Each download
 *   is written to a temporary file, verified by the SHA-256 of the gzipped bytes as they arrived
 *   ({@link #PUBLISHED}), before anything is decompressed, and only then moved into the cache, atomically; a
 *   failed download leaves neither a partial file nor an empty cache directory behind.</li>
 * </ol>
 * A directory given by the caller or by the environment variable must hold all four files; the loader does
 * not download into it.
 *
 * <p>Every file is checked: magic number, dimensions, length (read as a stream and never past what the header
 * declares, so a gzip file that inflates to far more is rejected without being inflated) and label range. Each
 * file's content is then compared with the published MNIST file by its SHA-256, however it is compressed:
 * <ul>
 *   <li>in the cache, which holds only verified downloads, a file that differs is damaged and rejected;</li>
 *   <li>in a directory, a file that differs although it has the published file's length while other files there
 *   are the published ones is damaged (a flipped bit that changed a label) and rejected;</li>
 *   <li>a directory none of whose files are the published ones holds other IDX data under the same names, such
 *   as Fashion-MNIST: it is loaded after the checks above, the log says once that it is not the standard MNIST,
 *   and {@link Dataset#standard()} is false.</li>
 * </ul>
 * A rejected file gives a {@link DatasetException} naming the file and the problem.
 */
public final class Mnist {

    private static final Logger log = LoggerFactory.getLogger(Mnist.class);

    /** The environment variable naming a directory that holds the four files. */
    public static final String ENV = "KERASJ_MNIST_DIR";

    /**
     * The mirrors serving the original gzipped IDX files, tried in order: torchvision's and TensorFlow's. Both
     * are https; yann.lecun.com, the original home, serves plain http only and often refuses, so it is not
     * among them (the SHA-256 check would catch a tampered file, but not make the download private).
     */
    public static final List<URI> MIRRORS = List.of(
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"));

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    /**
     * One published file: the SHA-256 of the gzipped file the mirrors serve (what a download is checked
     * against), and the length and SHA-256 of its IDX content (what a local file is checked against, since a
     * copy may be recompressed or stored raw).
     */
    public record Reference(String gzipSha256, long contentLength, String contentSha256) {}

    /** The published MNIST files, by name without ".gz". */
    public static final Map<String, Reference> PUBLISHED = Map.of(
            TRAIN_IMAGES, new Reference("440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
                    47_040_016, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
            TRAIN_LABELS, new Reference("3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
                    60_008, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
            TEST_IMAGES, new Reference("8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
                    7_840_016, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
            TEST_LABELS, new Reference("f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
                    10_008, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"));

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

    /**
     * The training and the test split.
     *
     * @param standard whether the four files are the published MNIST (each verified by its SHA-256); false for
     *                 other IDX data under the same names, such as Fashion-MNIST
     */
    public record Dataset(Split train, Split test, boolean standard) {}

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
            return toFloats(1f, size(), rows, cols);
        }

        /** Flattened to rows × cols features and scaled to [0, 1]: float32 [n, rows·cols]. */
        public INDArray features() {
            return toFloats(1f / 255f, size(), (long) rows * cols);
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

        /**
         * The pixels times {@code scale}, written straight into a new float32 array of this shape through a block
         * of 64 K floats: a float[] of the whole set first would be 188 MB of heap for the training images, on top of
         * the array itself.
         */
        private INDArray toFloats(float scale, long... shape) {
            INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
            FloatBuffer target = out.data().asNioFloat();
            float[] block = new float[1 << 16];
            for (int from = 0; from < pixels.length; from += block.length) {
                int n = Math.min(block.length, pixels.length - from);
                for (int i = 0; i < n; i++) {
                    block[i] = (pixels[from + i] & 0xFF) * scale;
                }
                target.put(block, 0, n);
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
        private Map<String, Reference> references = PUBLISHED;
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

        /** The files that downloads and local files are verified against, by name without ".gz" ({@link #PUBLISHED}). */
        public Loader references(Map<String, Reference> references) {
            if (!references.keySet().containsAll(FILES)) {
                throw new IllegalArgumentException("Mnist.Loader.references: expected a Reference for each of "
                        + FILES + ". Received: " + references.keySet());
            }
            this.references = Map.copyOf(references);
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
            if (dir != null) {
                return read(dir, source, false);
            }
            List<String> missing = FILES.stream().filter(name -> find(cacheDir, name) == null).toList();
            if (!missing.isEmpty()) {
                List<Path> created = createDirectories(cacheDir);
                try {
                    for (String name : missing) {
                        download(name);
                    }
                } catch (DatasetException e) {
                    removeIfEmpty(created);
                    throw e;
                }
            }
            return read(cacheDir, "the cache", true);
        }

        /**
         * Reads the four files of {@code dir} and compares them with the references (see the class comment);
         * {@code strict} (the cache) rejects any file that differs.
         */
        private Dataset read(Path dir, String source, boolean strict) {
            if (!Files.isDirectory(dir)) {
                throw new DatasetException("MNIST: " + dir + " (" + source + ") is not a directory");
            }
            Map<String, Path> files = new LinkedHashMap<>();
            for (String name : FILES) {
                Path found = find(dir, name);
                if (found == null) {
                    throw new DatasetException("MNIST: " + dir + " (" + source + ") has neither " + name
                            + ".gz nor " + name);
                }
                files.put(name, found);
            }
            log.info("Loading MNIST from {}", dir);
            Map<String, Idx> content = new LinkedHashMap<>();
            for (String name : FILES) {
                boolean labels = name.equals(TRAIN_LABELS) || name.equals(TEST_LABELS);
                content.put(name, labels ? readIdx(files.get(name), LABELS_MAGIC, 1)
                        : readIdx(files.get(name), IMAGES_MAGIC, 3));
            }
            List<String> differing = FILES.stream()
                    .filter(name -> !content.get(name).sha256().equals(references.get(name).contentSha256())).toList();
            boolean someArePublished = differing.size() < FILES.size();
            for (String name : differing) {
                Reference reference = references.get(name);
                Idx idx = content.get(name);
                if (strict || (someArePublished && idx.length() == reference.contentLength())) {
                    throw new DatasetException(files.get(name) + ": SHA-256 of the content is " + idx.sha256()
                            + ", expected " + reference.contentSha256() + " (the published MNIST " + name + "): "
                            + (strict ? "the cache holds only verified downloads, so this copy is damaged; delete it"
                                    + " and it will be downloaded again"
                                    : "it has the published file's length and the other files beside it are the"
                                    + " published ones, so this copy is damaged; replace it"));
                }
            }
            if (!differing.isEmpty()) {
                log.warn("{} ({}) does not hold the standard MNIST data: {} differ from the published MNIST files "
                        + "(SHA-256); loading them as other IDX data under the same names, such as Fashion-MNIST",
                        dir, source, differing);
            }
            Split train = split(files.get(TRAIN_IMAGES), content.get(TRAIN_IMAGES),
                    files.get(TRAIN_LABELS), content.get(TRAIN_LABELS));
            Split test = split(files.get(TEST_IMAGES), content.get(TEST_IMAGES),
                    files.get(TEST_LABELS), content.get(TEST_LABELS));
            return new Dataset(train, test, differing.isEmpty());
        }

        private static Path find(Path dir, String name) {
            for (Path p : List.of(dir.resolve(name + ".gz"), dir.resolve(name))) {
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
            return null;
        }

        private void download(String name) {
            Reference reference = references.get(name);
            Path target = cacheDir.resolve(name + ".gz");
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(30)).build();
            List<String> failures = new ArrayList<>();
            for (URI mirror : mirrors) {
                URI uri = mirror.resolve(name + ".gz");
                Path temp = null;
                try {
                    temp = Files.createTempFile(cacheDir, name + ".", ".part");
                    String actual = fetch(client, uri, temp, name);
                    // Checked before anything is decompressed: a tampered or broken download is never inflated.
                    if (!actual.equals(reference.gzipSha256())) {
                        throw new DatasetException(uri + ": SHA-256 of the downloaded file is " + actual
                                + ", expected " + reference.gzipSha256() + " (the published " + name + ".gz)");
                    }
                    readableByAll(temp);
                    moveAtomically(temp, target);
                    log.info("Saved {} ({} bytes, SHA-256 verified)", target, Files.size(target));
                    return;
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
                        } catch (IOException e) {
                            log.warn("Could not delete the partial download {}: {}", temp, e.toString());
                        }
                    }
                }
            }
            throw new DatasetException("MNIST: could not download " + name + ".gz from any mirror, and no data "
                    + "directory is set. To use local copies of the four MNIST files (" + String.join(", ", FILES)
                    + "; gzipped or raw), set the environment variable " + ENV + " to their directory, e.g. "
                    + ENV + "=/path/to/mnist, or pass --data-dir /path/to/mnist to the example programs "
                    + "(Mnist.loadData(dir) in code). Download errors: " + String.join("; ", failures));
        }

        /** Downloads {@code uri} into {@code temp}; returns the SHA-256 (hex) of the bytes received. */
        private String fetch(HttpClient client, URI uri, Path temp, String name) throws IOException, InterruptedException {
            log.info("Downloading {}", uri);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            MessageDigest sha256 = sha256();
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
                        sha256.update(buffer, 0, n);
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
            return HexFormat.of().formatHex(sha256.digest());
        }
    }

    /** Creates {@code dir} and its missing parents; returns the ones it created, deepest first. */
    private static List<Path> createDirectories(Path dir) {
        List<Path> created = new ArrayList<>();
        for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
            created.add(p);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DatasetException("MNIST: cannot create the cache directory " + dir + ": " + e, e);
        }
        return created;
    }

    /** Removes the directories (deepest first) that a failed download created, as long as they are empty. */
    private static void removeIfEmpty(List<Path> created) {
        for (Path dir : created) {
            try {
                Files.deleteIfExists(dir);
            } catch (DirectoryNotEmptyException e) {
                return;
            } catch (IOException e) {
                log.warn("Could not remove the empty directory {}: {}", dir, e.toString());
                return;
            }
        }
    }

    /** Temporary files are owner-only; the cached file should read like any other (rw-r--r--). */
    private static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            log.debug("{} is not on a POSIX file system; its permissions stay as created", file);
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** An IDX file's dimensions, the data after its header, and the length and SHA-256 of its whole content. */
    private record Idx(int[] dims, byte[] data, long length, String sha256) {}

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
            MessageDigest sha256 = sha256();
            InputStream in = new DigestInputStream(gzipped ? new GZIPInputStream(buffered, 1 << 16) : buffered, sha256);
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
            return new Idx(dims, data, headerLength + declared, HexFormat.of().formatHex(sha256.digest()));
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

    private static Split split(Path imagesFile, Idx images, Path labelsFile, Idx labels) {
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

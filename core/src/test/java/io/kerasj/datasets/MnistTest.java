package io.kerasj.datasets;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class MnistTest {

    private static final String[] NAMES = {Mnist.TRAIN_IMAGES, Mnist.TRAIN_LABELS, Mnist.TEST_IMAGES, Mnist.TEST_LABELS};

    @TempDir Path tmp;
    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    // ------------------------------------------------------------ tiny IDX files made here

    static byte[] idxImages(int count, int rows, int cols, int seed) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
        b.putInt(0x00000803).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < count * rows * cols; i++) {
            b.put((byte) ((i * 37 + seed) % 256));
        }
        return b.array();
    }

    static byte[] idxLabels(int... labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(0x00000801).putInt(labels.length);
        for (int label : labels) {
            b.put((byte) label);
        }
        return b.array();
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    /** A valid data set of 3 training and 2 test images of 2×3 pixels. */
    static Map<String, byte[]> tinySet() {
        Map<String, byte[]> files = new HashMap<>();
        files.put(Mnist.TRAIN_IMAGES, idxImages(3, 2, 3, 1));
        files.put(Mnist.TRAIN_LABELS, idxLabels(5, 0, 4));
        files.put(Mnist.TEST_IMAGES, idxImages(2, 2, 3, 2));
        files.put(Mnist.TEST_LABELS, idxLabels(7, 2));
        return files;
    }

    private Path writeSet(Path dir, Map<String, byte[]> files, boolean gzipped) throws IOException {
        Files.createDirectories(dir);
        for (var e : files.entrySet()) {
            Files.write(dir.resolve(e.getKey() + (gzipped ? ".gz" : "")), gzipped ? gzip(e.getValue()) : e.getValue());
        }
        return dir;
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    /** The references of a set as the loopback server serves it (gzipped by {@link #gzip}, which is deterministic). */
    private static Map<String, Mnist.Reference> references(Map<String, byte[]> files) throws Exception {
        Map<String, Mnist.Reference> references = new HashMap<>();
        for (var e : files.entrySet()) {
            references.put(e.getKey(), new Mnist.Reference(sha256(gzip(e.getValue())), e.getValue().length,
                    sha256(e.getValue())));
        }
        return references;
    }

    private Mnist.Loader isolated() {
        // Never the real environment, home cache or internet.
        return Mnist.loader().environment(name -> null).cacheDir(tmp.resolve("cache"))
                .mirrors(List.of(URI.create("http://127.0.0.1:9/unreachable/")));
    }

    // ------------------------------------------------------------ reading

    @Test
    void readsGzippedAndRawFilesFromADirectory() throws Exception {
        for (boolean gz : new boolean[] {true, false}) {
            Path dir = writeSet(tmp.resolve(gz ? "gz" : "raw"), tinySet(), gz);
            Mnist.Dataset data = isolated().directory(dir).load();
            assertEquals(3, data.train().size());
            assertEquals(2, data.test().size());
            assertArrayEquals(new int[] {5, 0, 4}, data.train().labels());
            assertArrayEquals(new int[] {7, 2}, data.test().labels());
            // Training image 1, pixel (1, 2) is byte index 1*6 + 1*3 + 2 = 11: (11*37 + 1) % 256 = 152.
            assertEquals(152, data.train().pixel(1, 1, 2));
            INDArray features = data.train().features();
            assertArrayEquals(new long[] {3, 6}, features.shape());
            assertEquals(152 / 255.0, features.getDouble(1, 5), 1e-6);
            INDArray images = data.train().images();
            assertArrayEquals(new long[] {3, 2, 3}, images.shape());
            assertEquals(152.0, images.getDouble(1, 1, 2), 0.0);
            assertEquals(7.0, data.test().labelsTensor().getDouble(0), 0.0);
        }
    }

    @Test
    void environmentVariableIsUsedWhenNoDirectoryIsGiven() throws Exception {
        Path dir = writeSet(tmp.resolve("env"), tinySet(), true);
        Mnist.Dataset data = isolated().environment(name -> name.equals("KERASJ_MNIST_DIR") ? dir.toString() : null).load();
        assertArrayEquals(new int[] {5, 0, 4}, data.train().labels());
        // A directory given by the caller wins over the variable.
        Map<String, byte[]> other = tinySet();
        other.put(Mnist.TRAIN_LABELS, idxLabels(1, 1, 1));
        Path given = writeSet(tmp.resolve("given"), other, false);
        Mnist.Dataset fromGiven = isolated().directory(given)
                .environment(name -> dir.toString()).load();
        assertArrayEquals(new int[] {1, 1, 1}, fromGiven.train().labels());
    }

    private DatasetException loadBroken(String name, byte[] content, boolean gzipped) throws Exception {
        Path dir = writeSet(tmp.resolve("broken"), tinySet(), gzipped);
        Files.write(dir.resolve(name + (gzipped ? ".gz" : "")), content);
        return assertThrows(DatasetException.class, () -> isolated().directory(dir).load());
    }

    @Test
    void rejectsABadMagicNumber() throws Exception {
        byte[] labels = idxLabels(5, 0, 4);
        labels[3] = 0x03;  // the images' magic in a labels file
        DatasetException e = loadBroken(Mnist.TRAIN_LABELS, labels, false);
        assertTrue(e.getMessage().contains(Mnist.TRAIN_LABELS), e.getMessage());
        assertTrue(e.getMessage().contains("bad magic number 0x00000803"), e.getMessage());
    }

    @Test
    void rejectsTruncatedFiles() throws Exception {
        byte[] images = idxImages(3, 2, 3, 1);
        DatasetException e = loadBroken(Mnist.TRAIN_IMAGES, Arrays.copyOf(images, images.length - 1), false);
        assertTrue(e.getMessage().contains(Mnist.TRAIN_IMAGES), e.getMessage());
        // Header 16 bytes + 3*2*3 pixels = 34 declared; 33 present.
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("34") && e.getMessage().contains("33"),
                e.getMessage());
        DatasetException header = loadBroken(Mnist.TEST_LABELS, new byte[] {0, 0, 8}, false);
        assertTrue(header.getMessage().contains(Mnist.TEST_LABELS) && header.getMessage().contains("truncated"),
                header.getMessage());
    }

    @Test
    void rejectsTrailingBytesAndBadDimensions() throws Exception {
        byte[] labels = Arrays.copyOf(idxLabels(5, 0, 4), 12);
        DatasetException e = loadBroken(Mnist.TRAIN_LABELS, labels, false);
        assertTrue(e.getMessage().contains(Mnist.TRAIN_LABELS) && e.getMessage().contains("1 unexpected bytes"),
                e.getMessage());
        byte[] images = idxImages(3, 2, 3, 1);
        ByteBuffer.wrap(images).putInt(8, 0);  // rows = 0
        DatasetException dims = loadBroken(Mnist.TRAIN_IMAGES, images, false);
        assertTrue(dims.getMessage().contains("bad dimension"), dims.getMessage());
    }

    @Test
    void rejectsMismatchedCountsAndLabelsOutOfRange() throws Exception {
        DatasetException count = loadBroken(Mnist.TEST_LABELS, idxLabels(7, 2, 1), false);
        assertTrue(count.getMessage().contains("2 images") && count.getMessage().contains("3 labels"), count.getMessage());
        DatasetException range = loadBroken(Mnist.TRAIN_LABELS, idxLabels(5, 10, 4), false);
        assertTrue(range.getMessage().contains(Mnist.TRAIN_LABELS) && range.getMessage().contains("label 1 is 10"),
                range.getMessage());
    }

    @Test
    void rejectsCorruptGzip() throws Exception {
        byte[] gz = gzip(idxImages(3, 2, 3, 1));
        DatasetException truncated = loadBroken(Mnist.TRAIN_IMAGES, Arrays.copyOf(gz, gz.length / 2), true);
        assertTrue(truncated.getMessage().contains(Mnist.TRAIN_IMAGES + ".gz")
                && truncated.getMessage().contains("corrupt gzip"), truncated.getMessage());
        byte[] flipped = gz.clone();
        flipped[gz.length - 6] ^= 0x55;  // CRC-32 trailer
        DatasetException crc = loadBroken(Mnist.TRAIN_IMAGES, flipped, true);
        assertTrue(crc.getMessage().contains("corrupt gzip"), crc.getMessage());
    }

    @Test
    void aGzipThatInflatesFarBeyondItsHeaderIsRejectedWithoutInflatingIt() throws Exception {
        // The header declares 3 labels; after them come 128 gzip members of 64 MiB of zeros each: 8 GiB in all,
        // twice the test JVM's heap, so reading the whole content before checking it would run out of memory.
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        bomb.write(gzip(idxLabels(5, 0, 4)));
        byte[] zeros = gzip(new byte[64 << 20]);
        for (int i = 0; i < 128; i++) {
            bomb.write(zeros);
        }
        long start = System.nanoTime();
        DatasetException e = loadBroken(Mnist.TRAIN_LABELS, bomb.toByteArray(), true);
        assertTrue(e.getMessage().contains(Mnist.TRAIN_LABELS + ".gz"), e.getMessage());
        // Header 8 bytes + 3 labels = 11 bytes declared.
        assertTrue(e.getMessage().contains("unexpected bytes after the [3] data declared by the header (11 bytes)"),
                e.getMessage());
        // Inflating 8 GiB takes tens of seconds; stopping after the declared bytes takes milliseconds.
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "took " + (System.nanoTime() - start) / 1e9 + " s");
    }

    @Test
    void aGzipShorterThanItsHeaderDeclaresIsRejectedAsTruncated() throws Exception {
        byte[] images = idxImages(3, 2, 3, 1);
        DatasetException e = loadBroken(Mnist.TRAIN_IMAGES, gzip(Arrays.copyOf(images, 30)), true);
        // 16 + 3*2*3 = 34 bytes declared, 30 present.
        assertTrue(e.getMessage().contains(Mnist.TRAIN_IMAGES + ".gz: truncated")
                && e.getMessage().contains("(34 bytes) but the content has 30 bytes"), e.getMessage());
    }

    @Test
    void aHeaderDeclaringMoreThanTheFileCanHoldIsRejectedBeforeAllocating() throws Exception {
        // 100,000 images of 4096 x 4096 would be 1.6e12 bytes; a raw file of 16 bytes cannot hold them, nor a
        // gzip file of a few dozen bytes (deflate inflates at most 1032:1).
        byte[] header = ByteBuffer.allocate(16).putInt(0x00000803).putInt(100_000).putInt(4096).putInt(4096).array();
        DatasetException raw = loadBroken(Mnist.TRAIN_IMAGES, header, false);
        assertTrue(raw.getMessage().contains("truncated") && raw.getMessage().contains("[100000, 4096, 4096]")
                && raw.getMessage().contains("the file has 16 bytes"), raw.getMessage());
        byte[] forged = ByteBuffer.allocate(16).putInt(0x00000803).putInt(60).putInt(4096).putInt(4096).array();
        byte[] gz = gzip(forged);
        DatasetException compressed = loadBroken(Mnist.TRAIN_IMAGES, gz, true);
        assertTrue(compressed.getMessage().contains("truncated") && compressed.getMessage().contains(
                "a gzip file of " + gz.length + " bytes inflates to at most " + gz.length * 1032L), compressed.getMessage());
    }

    @Test
    void namesAMissingFile() throws Exception {
        Path dir = writeSet(tmp.resolve("partial"), tinySet(), true);
        Files.delete(dir.resolve(Mnist.TEST_IMAGES + ".gz"));
        DatasetException e = assertThrows(DatasetException.class, () -> isolated().directory(dir).load());
        assertTrue(e.getMessage().contains(Mnist.TEST_IMAGES), e.getMessage());
        DatasetException notDir = assertThrows(DatasetException.class,
                () -> isolated().directory(tmp.resolve("nowhere")).load());
        assertTrue(notDir.getMessage().contains("nowhere") && notDir.getMessage().contains("not a directory"),
                notDir.getMessage());
    }

    // ------------------------------------------------------------ verification against the published files

    @Test
    void aDirectoryOfThePublishedFilesIsTheStandardData() throws Exception {
        Map<String, byte[]> set = tinySet();
        Path dir = writeSet(tmp.resolve("published"), set, true);
        Mnist.Dataset data = isolated().references(references(set)).directory(dir).load();
        assertTrue(data.standard());
        assertArrayEquals(new int[] {5, 0, 4}, data.train().labels());
    }

    @Test
    void aFlippedBitInALocalFileIsRejected() throws Exception {
        Map<String, byte[]> set = tinySet();
        Path dir = writeSet(tmp.resolve("flipped"), set, false);
        byte[] flipped = idxLabels(5, 0, 5);  // the last label 4 = 0b100 with its low bit flipped: 5
        Files.write(dir.resolve(Mnist.TRAIN_LABELS), flipped);
        DatasetException e = assertThrows(DatasetException.class,
                () -> isolated().references(references(set)).directory(dir).load());
        assertTrue(e.getMessage().startsWith(dir.resolve(Mnist.TRAIN_LABELS) + ": SHA-256 of the content is "
                + sha256(flipped) + ", expected " + sha256(idxLabels(5, 0, 4))), e.getMessage());
        assertTrue(e.getMessage().contains("damaged; replace it"), e.getMessage());
    }

    @Test
    void otherIdxDataUnderTheSameNamesIsLoadedAsNotTheStandardData() throws Exception {
        // Like Fashion-MNIST: the same names, shapes and lengths as the reference files, other content.
        Map<String, byte[]> other = new HashMap<>();
        other.put(Mnist.TRAIN_IMAGES, idxImages(3, 2, 3, 11));
        other.put(Mnist.TRAIN_LABELS, idxLabels(9, 8, 7));
        other.put(Mnist.TEST_IMAGES, idxImages(2, 2, 3, 12));
        other.put(Mnist.TEST_LABELS, idxLabels(1, 6));
        for (boolean gz : new boolean[] {true, false}) {
            Path dir = writeSet(tmp.resolve(gz ? "other-gz" : "other-raw"), other, gz);
            Mnist.Dataset data = isolated().references(references(tinySet())).directory(dir).load();
            assertFalse(data.standard());
            assertArrayEquals(new int[] {9, 8, 7}, data.train().labels());
            assertArrayEquals(new int[] {1, 6}, data.test().labels());
        }
    }

    @Test
    void aDamagedFileInTheCacheIsRejected() throws Exception {
        Map<String, byte[]> set = tinySet();
        URI base = serve(Map.of("m", gzipped(set)));
        Path cache = tmp.resolve("cache");
        Mnist.Loader loader = Mnist.loader().environment(name -> null).cacheDir(cache).references(references(set))
                .mirrors(List.of(base.resolve("m/")));
        assertTrue(loader.load().standard());
        // A valid IDX file, but not the one downloaded: the cache holds only verified downloads.
        Files.write(cache.resolve(Mnist.TEST_LABELS + ".gz"), gzip(idxLabels(7, 3)));
        DatasetException e = assertThrows(DatasetException.class, loader::load);
        assertTrue(e.getMessage().startsWith(cache.resolve(Mnist.TEST_LABELS + ".gz") + ": SHA-256 of the content is "
                + sha256(idxLabels(7, 3)) + ", expected " + sha256(idxLabels(7, 2))), e.getMessage());
        assertTrue(e.getMessage().contains("delete it and it will be downloaded again"), e.getMessage());
    }

    // ------------------------------------------------------------ download from a loopback server

    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    /** Serves {@code /<mirror>/<file>.gz} from the map; anything else is a 404. */
    private URI serve(Map<String, Map<String, byte[]>> mirrors) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            String[] parts = path.split("/");
            byte[] body = null;
            if (parts.length == 3 && mirrors.containsKey(parts[1])) {
                body = mirrors.get(parts[1]).get(parts[2]);
            }
            try (InputStream ignored = exchange.getRequestBody()) {
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
            }
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private static Map<String, byte[]> gzipped(Map<String, byte[]> files) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        for (var e : files.entrySet()) {
            out.put(e.getKey() + ".gz", gzip(e.getValue()));
        }
        return out;
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    @Test
    void downloadsVerifiesAndCachesFromTheFirstWorkingMirror() throws Exception {
        Map<String, byte[]> set = tinySet();
        URI base = serve(Map.of("good", gzipped(set)));
        Path cache = tmp.resolve("cache");
        Mnist.Loader loader = Mnist.loader().environment(name -> null).cacheDir(cache).references(references(set))
                .mirrors(List.of(base.resolve("missing/"), base.resolve("good/")));
        Mnist.Dataset data = loader.load();
        assertArrayEquals(new int[] {5, 0, 4}, data.train().labels());
        assertArrayEquals(new int[] {7, 2}, data.test().labels());
        for (String name : NAMES) {
            assertEquals(1, hits.get("/missing/" + name + ".gz").get(), "first mirror tried for " + name);
            assertEquals(1, hits.get("/good/" + name + ".gz").get(), "second mirror used for " + name);
            assertArrayEquals(set.get(name), gunzip(cache.resolve(name + ".gz")), name + " cached as served");
        }
        try (Stream<Path> files = Files.list(cache)) {
            assertEquals(4, files.count(), "only the four files, no temporary leftovers");
        }
        // A second load reads the cache and does not download again.
        Mnist.Dataset again = loader.load();
        assertArrayEquals(new int[] {5, 0, 4}, again.train().labels());
        for (String name : NAMES) {
            assertEquals(1, hits.get("/good/" + name + ".gz").get());
        }
    }

    @Test
    void aWrongChecksumIsRejectedAndNothingIsCached() throws Exception {
        Map<String, byte[]> set = tinySet();
        Map<String, byte[]> tampered = new HashMap<>(set);
        tampered.put(Mnist.TRAIN_LABELS, idxLabels(5, 0, 3));  // valid IDX, different content
        URI base = serve(Map.of("bad", gzipped(tampered)));
        Path cache = tmp.resolve("cache");
        DatasetException e = assertThrows(DatasetException.class, () -> Mnist.loader().environment(name -> null)
                .cacheDir(cache).references(references(set)).mirrors(List.of(base.resolve("bad/"))).load());
        assertTrue(e.getMessage().contains(Mnist.TRAIN_LABELS + ".gz"), e.getMessage());
        // The hash reported is that of the compressed bytes as served, checked before decompressing.
        assertTrue(e.getMessage().contains("SHA-256 of the downloaded file is " + sha256(gzip(idxLabels(5, 0, 3)))
                + ", expected " + sha256(gzip(idxLabels(5, 0, 4)))), e.getMessage());
        assertFalse(Files.exists(cache.resolve(Mnist.TRAIN_LABELS + ".gz")));
        try (Stream<Path> files = Files.list(cache)) {
            List<String> left = new ArrayList<>();
            files.forEach(p -> left.add(p.getFileName().toString()));
            assertTrue(left.stream().noneMatch(n -> n.endsWith(".part")), "temporary files left: " + left);
        }
    }

    @Test
    void aCorruptDownloadIsRejectedAndTheNextMirrorUsed() throws Exception {
        Map<String, byte[]> set = tinySet();
        Map<String, byte[]> corrupt = gzipped(set);
        byte[] gz = corrupt.get(Mnist.TEST_IMAGES + ".gz");
        corrupt.put(Mnist.TEST_IMAGES + ".gz", Arrays.copyOf(gz, gz.length - 10));
        URI base = serve(Map.of("corrupt", corrupt, "good", gzipped(set)));
        Path cache = tmp.resolve("cache");
        Mnist.Dataset data = Mnist.loader().environment(name -> null).cacheDir(cache).references(references(set))
                .mirrors(List.of(base.resolve("corrupt/"), base.resolve("good/"))).load();
        assertEquals(2, data.test().size());
        assertEquals(1, hits.get("/good/" + Mnist.TEST_IMAGES + ".gz").get());
        assertNull(hits.get("/good/" + Mnist.TRAIN_IMAGES + ".gz"), "the good first-mirror files were not re-fetched");
        assertArrayEquals(set.get(Mnist.TEST_IMAGES), gunzip(cache.resolve(Mnist.TEST_IMAGES + ".gz")));

        // With only the corrupt mirror, the error names the file and the problem.
        Path cache2 = tmp.resolve("cache2");
        DatasetException e = assertThrows(DatasetException.class, () -> Mnist.loader().environment(name -> null)
                .cacheDir(cache2).references(references(set)).mirrors(List.of(base.resolve("corrupt/"))).load());
        // Rejected by the hash of the compressed bytes, before any attempt to decompress them.
        assertTrue(e.getMessage().contains(Mnist.TEST_IMAGES + ".gz") && e.getMessage().contains("SHA-256 of the "
                + "downloaded file is " + sha256(Arrays.copyOf(gz, gz.length - 10))), e.getMessage());
        assertFalse(Files.exists(cache2.resolve(Mnist.TEST_IMAGES + ".gz")));
    }

    @Test
    void whenEveryMirrorFailsTheErrorNamesTheFileAndEachMirror() throws Exception {
        URI base = serve(Map.of());  // every request is a 404
        Path cache = tmp.resolve("home/.kerasj/datasets/mnist");
        DatasetException e = assertThrows(DatasetException.class, () -> Mnist.loader().environment(name -> null)
                .cacheDir(cache).references(references(tinySet()))
                .mirrors(List.of(base.resolve("a/"), base.resolve("b/"))).load());
        assertTrue(e.getMessage().contains("could not download " + Mnist.TRAIN_IMAGES + ".gz"), e.getMessage());
        assertTrue(e.getMessage().contains(base.resolve("a/") + Mnist.TRAIN_IMAGES + ".gz: java.io.IOException: HTTP 404"),
                e.getMessage());
        assertTrue(e.getMessage().contains(base.resolve("b/").toString()), e.getMessage());
        // The cache directory and the parents the loader created for it are gone again.
        assertFalse(Files.exists(tmp.resolve("home")), "an empty cache directory was left behind");
    }

    @Test
    void aFailureAfterSomeFilesLeavesOnlyVerifiedFilesInTheCache() throws Exception {
        Map<String, byte[]> set = tinySet();
        Map<String, byte[]> served = gzipped(set);
        served.remove(Mnist.TEST_IMAGES + ".gz");  // the third file of four is missing on the only mirror
        URI base = serve(Map.of("m", served));
        Path cache = tmp.resolve("cache");
        assertThrows(DatasetException.class, () -> Mnist.loader().environment(name -> null).cacheDir(cache)
                .references(references(set)).mirrors(List.of(base.resolve("m/"))).load());
        List<String> left = new ArrayList<>();
        try (Stream<Path> files = Files.list(cache)) {
            files.forEach(p -> left.add(p.getFileName().toString()));
        }
        assertEquals(List.of(Mnist.TRAIN_IMAGES + ".gz", Mnist.TRAIN_LABELS + ".gz"), left.stream().sorted().toList(),
                "the two files downloaded before the failure, nothing partial");
    }

    @Test
    void withoutNetworkTheErrorSaysHowToUseLocalFiles() {
        // Port 9 (discard) on the loopback: nothing listens, so the connection is refused as when offline.
        DatasetException e = assertThrows(DatasetException.class, () -> isolated().load());
        assertTrue(e.getMessage().contains("set the environment variable KERASJ_MNIST_DIR"), e.getMessage());
        assertTrue(e.getMessage().contains("--data-dir /path/to/mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("127.0.0.1:9/unreachable/" + Mnist.TRAIN_IMAGES + ".gz"), e.getMessage());
    }

    @Test
    void theDefaultMirrorsAreHttps() {
        assertFalse(Mnist.MIRRORS.isEmpty());
        for (URI mirror : Mnist.MIRRORS) {
            assertEquals("https", mirror.getScheme(), mirror.toString());
        }
    }

    // ------------------------------------------------------------ the real files, when present

    private static boolean reasonPrinted;

    /** $KERASJ_MNIST_DIR, or the test is skipped with a message that says why and how to run it. */
    private static String mnistDir() {
        String dir = System.getenv("KERASJ_MNIST_DIR");
        boolean present = dir != null && Files.isDirectory(Path.of(dir));
        String reason = "skipped: this test needs the real MNIST files, and KERASJ_MNIST_DIR "
                + (dir == null ? "is not set" : "= " + dir + " is not a directory")
                + "; to run it, set KERASJ_MNIST_DIR to the directory holding the four MNIST IDX files, e.g. "
                + "KERASJ_MNIST_DIR=/path/to/mnist mvn test";
        if (!present && !reasonPrinted) {
            // Surefire reports a skip without its reason; printed (once for the class), it shows in the output.
            System.out.println("MnistTest: " + reason);
            reasonPrinted = true;
        }
        Assumptions.assumeTrue(present, reason);
        return dir;
    }

    @Test
    void realMnistFromTheDataDirectory() throws Exception {
        String dir = mnistDir();
        Mnist.Dataset data = Mnist.loadData(Path.of(dir));
        assertEquals(60_000, data.train().size());
        assertEquals(10_000, data.test().size());
        assertEquals(28, data.train().rows());
        assertEquals(28, data.train().cols());
        // From the data's README: the first training labels are 5, 0, 4, 1, 9; the first test labels 7, 2, 1, 0, 4.
        assertArrayEquals(new int[] {5, 0, 4, 1, 9}, Arrays.copyOf(data.train().labels(), 5));
        assertArrayEquals(new int[] {7, 2, 1, 0, 4}, Arrays.copyOf(data.test().labels(), 5));
        INDArray x = data.test().features();
        assertArrayEquals(new long[] {10_000, 784}, x.shape());
        assertEquals(0.0, x.minNumber().doubleValue(), 0.0);
        assertEquals(1.0, x.maxNumber().doubleValue(), 0.0);
        // The files in the directory are the originals: their decompressed SHA-256 is the published one.
        byte[] labels = gunzip(Path.of(dir, Mnist.TEST_LABELS + ".gz"));
        assertEquals("ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", sha256(labels));
        assertTrue(data.standard(), "the loader verified them as the standard MNIST");
    }

    @Test
    void aFlippedLabelInTheRealFilesIsRejected() throws Exception {
        Path real = Path.of(mnistDir());
        Path dir = Files.createDirectories(tmp.resolve("real"));
        for (String name : new String[] {Mnist.TRAIN_IMAGES, Mnist.TEST_IMAGES, Mnist.TEST_LABELS}) {
            Files.copy(real.resolve(name + ".gz"), dir.resolve(name + ".gz"));
        }
        byte[] labels = gunzip(real.resolve(Mnist.TRAIN_LABELS + ".gz"));
        assertEquals(5, labels[8], "the first training label, from the data's README");
        labels[8] ^= 1;  // 5 becomes 4: still a valid label, so only the hash can tell
        Files.write(dir.resolve(Mnist.TRAIN_LABELS), labels);
        DatasetException e = assertThrows(DatasetException.class, () -> isolated().directory(dir).load());
        // The published content hash, as computed with sha256sum and listed in the data's README.
        assertTrue(e.getMessage().contains(Mnist.TRAIN_LABELS + ": SHA-256 of the content is " + sha256(labels)
                + ", expected 65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"), e.getMessage());
    }
}

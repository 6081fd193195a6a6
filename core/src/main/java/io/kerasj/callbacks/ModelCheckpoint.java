package io.kerasj.callbacks;

import io.kerasj.core.Callback;
import io.kerasj.core.Sequential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the model (or its weights) at the end of every epoch, or every {@code saveFreq} batches, as Keras's
 * {@code ModelCheckpoint}.
 *
 * <p>The path is a template in Python's {@code str.format} style, filled with {@code epoch} (counted from 1, as
 * Keras names checkpoints) and every key of the epoch's logs: {@code "ckpt/model-{epoch:02d}-{val_loss:.2f}.kjm"}
 * gives {@code ckpt/model-03-0.41.kjm}. Saving every {@code saveFreq} batches, the template may also name
 * {@code batch} (the batch within its epoch, counted from 1), and the log values are the epoch's running means so
 * far; as in Keras, the batches are counted across epochs. A spec after the colon is a {@code java.util.Formatter} conversion without
 * its "%" ({@code 02d}, {@code .4f}, {@code .3e}); without one, the epoch is printed as an integer and a log value
 * as {@link Double#toString(double)}. {@code {{} and {@code }}} are literal braces. Missing directories are
 * created. Saves go through {@link Sequential#save} / {@link Sequential#saveWeights}, so each is atomic.
 *
 * <p>With {@code saveBestOnly}, the model is saved only when the monitored value is strictly better than the best
 * so far (a missing monitor skips the save, with a warning). Defaults as Keras: monitor "val_loss", saveBestOnly
 * false, saveWeightsOnly false, mode "auto" (max for keys containing "acc", else min).
 */
public final class ModelCheckpoint implements Callback {

    private static final Logger log = LoggerFactory.getLogger(ModelCheckpoint.class);

    private final String filepath;
    private final Monitor monitor;
    private final boolean saveBestOnly;
    private final boolean saveWeightsOnly;
    /** Batches between saves, or 0 to save at the end of every epoch (Keras's {@code save_freq="epoch"}). */
    private final int saveFreq;
    private Sequential model;
    private double best;
    private int currentEpoch;
    private int batchesSinceSave;
    private int lastBatchSeen;

    /** Saves the whole model after every epoch. */
    public ModelCheckpoint(String filepath) {
        this(filepath, "val_loss", false, false);
    }

    public ModelCheckpoint(String filepath, String monitor, boolean saveBestOnly, boolean saveWeightsOnly) {
        this(filepath, monitor, saveBestOnly, saveWeightsOnly, "auto");
    }

    /**
     * @param filepath        path template, see the class comment
     * @param monitor         log key compared when {@code saveBestOnly}
     * @param saveBestOnly    save only when the monitored value improves
     * @param saveWeightsOnly save with {@link Sequential#saveWeights} rather than {@link Sequential#save}
     * @param mode            "auto", "min" or "max"
     */
    public ModelCheckpoint(String filepath, String monitor, boolean saveBestOnly, boolean saveWeightsOnly,
                           String mode) {
        this(filepath, monitor, saveBestOnly, saveWeightsOnly, mode, 0);
    }

    /**
     * As the five-argument constructor, but saving every {@code saveFreq} batches instead of at the end of every
     * epoch (Keras's integer {@code save_freq}).
     */
    public ModelCheckpoint(String filepath, String monitor, boolean saveBestOnly, boolean saveWeightsOnly,
                           String mode, int saveFreq) {
        if (saveFreq < 0) {
            throw new IllegalArgumentException("ModelCheckpoint: saveFreq must be a positive number of batches, or "
                    + "0 to save every epoch. Received: saveFreq=" + saveFreq);
        }
        if (filepath == null || filepath.isEmpty()) {
            throw new IllegalArgumentException("ModelCheckpoint: filepath must not be empty");
        }
        this.filepath = filepath;
        this.monitor = new Monitor("ModelCheckpoint", monitor, mode);
        this.saveBestOnly = saveBestOnly;
        this.saveWeightsOnly = saveWeightsOnly;
        this.saveFreq = saveFreq;
        // As Keras, the best survives across fit calls on the same instance.
        this.best = this.monitor.worst();
    }

    @Override public void setModel(Sequential model) {
        this.model = model;
    }

    @Override public void onTrainBegin(Map<String, Double> logs) {
        monitor.reset();
    }

    @Override public void onEpochBegin(int epoch, Map<String, Double> logs) {
        currentEpoch = epoch;
    }

    @Override public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        if (saveFreq == 0) {
            return;
        }
        // A batch number not above the last one seen starts a new epoch.
        batchesSinceSave += batch <= lastBatchSeen ? batch + 1 : batch - lastBatchSeen;
        lastBatchSeen = batch;
        if (batchesSinceSave >= saveFreq) {
            batchesSinceSave = 0;
            save(currentEpoch, batch, logs);
        }
    }

    @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (saveFreq == 0) {
            save(epoch, null, logs);
        }
    }

    /** Saves (unless {@code saveBestOnly} and nothing improved) after {@code batch}, or after the epoch if null. */
    private void save(int epoch, Integer batch, Map<String, Double> logs) {
        Path path = Path.of(format(filepath, epoch + 1, batch == null ? null : batch + 1, logs));
        if (saveBestOnly) {
            Double current = monitor.value(logs, log, "Saving the best model");
            if (current == null) {
                return;
            }
            if (!monitor.improves(current, best, 0.0)) {
                log.debug("Epoch {}: {} did not improve from {}", epoch + 1, monitor.key(), best);
                return;
            }
            log.info("Epoch {}: {} improved from {} to {}, saving model to {}", epoch + 1, monitor.key(), best,
                    current, path);
            best = current;
        }
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (saveWeightsOnly) {
                model.saveWeights(path);
            } else {
                model.save(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: could not save to " + path, e);
        }
    }

    /**
     * Fills a Python-style template: {@code {name}} or {@code {name:spec}} with {@code epoch}, {@code batch} (unless
     * null, or a log of that name is there, as in Keras) or a log value.
     *
     * @throws IllegalArgumentException naming the key and the keys available, for an unknown key or a bad spec
     */
    static String format(String template, int epoch, Integer batch, Map<String, Double> logs) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < template.length() && template.charAt(i + 1) == c) {
                out.append(c);
                i += 2;
                continue;
            }
            if (c == '}') {
                throw new IllegalArgumentException("ModelCheckpoint: single '}' in filepath \"" + template + "\"");
            }
            if (c != '{') {
                out.append(c);
                i++;
                continue;
            }
            int close = template.indexOf('}', i);
            if (close < 0) {
                throw new IllegalArgumentException("ModelCheckpoint: unclosed '{' in filepath \"" + template + "\"");
            }
            String field = template.substring(i + 1, close);
            int colon = field.indexOf(':');
            String name = colon < 0 ? field : field.substring(0, colon);
            String spec = colon < 0 ? null : field.substring(colon + 1);
            Object value;
            boolean batchKnown = batch != null && (logs == null || !logs.containsKey("batch"));
            if (name.equals("epoch")) {
                value = epoch;
            } else if (name.equals("batch") && batchKnown) {
                value = batch;
            } else if (logs != null && logs.containsKey(name)) {
                value = logs.get(name);
            } else {
                throw new IllegalArgumentException("ModelCheckpoint: failed to format filepath \"" + template
                        + "\": no key \"" + name + "\"; available: epoch" + (batchKnown ? ", batch" : "")
                        + (logs == null ? "" : ", " + String.join(", ", logs.keySet())));
            }
            out.append(formatValue(value, spec, template));
            i = close + 1;
        }
        return out.toString();
    }

    private static String formatValue(Object value, String spec, String template) {
        if (spec == null || spec.isEmpty()) {
            return String.valueOf(value);
        }
        char conversion = spec.charAt(spec.length() - 1);
        try {
            if (conversion == 'd') {
                if (value instanceof Double) {
                    throw new IllegalArgumentException("'d' needs an integer");
                }
                return String.format(Locale.ROOT, "%" + spec, value);
            }
            if ("eEfgG".indexOf(conversion) >= 0) {
                return String.format(Locale.ROOT, "%" + spec, ((Number) value).doubleValue());
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ModelCheckpoint: bad format spec \"" + spec + "\" in filepath \""
                    + template + "\": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("ModelCheckpoint: unsupported format spec \"" + spec + "\" in filepath \""
                + template + "\"; use d, f, e or g conversions");
    }
}

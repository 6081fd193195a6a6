package io.kerasj.examples;

import java.util.List;
import java.util.Locale;

/**
 * Which IDX data set the MNIST programs were pointed at, as their {@code --dataset} option names it: the names
 * of its classes and the stem of the files the programs write. Fashion-MNIST ships under MNIST's file names, so
 * the loader can tell only that the files are not the published MNIST ({@link io.kerasj.datasets.Mnist.Dataset#standard()});
 * the option says what they are.
 */
enum DatasetName {
    MNIST("mnist", "MNIST", "digits", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")),
    FASHION_MNIST("fashion_mnist", "Fashion-MNIST", "articles", List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"));

    private final String option;
    private final String title;
    private final String items;
    private final List<String> classNames;

    DatasetName(String option, String title, String items, List<String> classNames) {
        this.option = option;
        this.title = title;
        this.items = items;
        this.classNames = classNames;
    }

    /** The value of {@code --dataset}, also the stem of the programs' file names: "mnist", "fashion_mnist". */
    String option() {
        return option;
    }

    /** The data set's name as written: "MNIST", "Fashion-MNIST". */
    String title() {
        return title;
    }

    /** What its images show: "digits", "articles". */
    String items() {
        return items;
    }

    /** The name of class {@code label} (0–9). */
    String className(int label) {
        return classNames.get(label);
    }

    /** The data set named by {@code --dataset}; an unknown name is an error that lists the known ones. */
    static DatasetName of(String option, String program) {
        for (DatasetName name : values()) {
            if (name.option.equals(option.toLowerCase(Locale.ROOT))) {
                return name;
            }
        }
        throw new IllegalArgumentException(program + ": --dataset must be mnist or fashion_mnist. Received: " + option);
    }
}

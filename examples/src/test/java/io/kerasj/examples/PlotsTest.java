package io.kerasj.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class PlotsTest {

    @Test
    void atMostTenEpochsAreLabelledAtARoundStep() {
        // The smallest of 1, 2, 5, 10, ... with at most ten multiples up to the last epoch: 1..10 epochs every one;
        // 30 every 5th (6 labels); 100 every 10th; 1000 every 100th.
        assertEquals(1, Plots.labelStep(3));
        assertEquals(1, Plots.labelStep(10));
        assertEquals(2, Plots.labelStep(11));
        assertEquals(5, Plots.labelStep(30));
        assertEquals(10, Plots.labelStep(100));
        // 109 epochs have 10 multiples of 10 (10..100); 110 have 11 (10..110), so the step grows to 20.
        assertEquals(10, Plots.labelStep(109));
        assertEquals(20, Plots.labelStep(110));
        assertEquals(100, Plots.labelStep(1000));
    }

    @Test
    void epochLabelsAreWholeNumbersOrShowNothing() {
        assertEquals("1", Plots.epochLabel(1.0, 5));
        assertEquals("25", Plots.epochLabel(25.0, 5));
        String hidden7 = Plots.epochLabel(7.0, 5);
        String hidden8 = Plots.epochLabel(8.0, 5);
        assertFalse(hidden7.isEmpty());
        assertNotEquals(hidden7, hidden8, "XChart drops ticks whose labels repeat");
        assertTrue(hidden7.chars().allMatch(c -> c == '\u200B' || c == '\u200C'), "only zero-width characters");
    }

    @Test
    void aLossFallingByOrdersOfMagnitudeIsDrawnOnALogScale() {
        // The blobs demo's loss falls from 3.70 to 0.005 in 30 epochs: almost three decades.
        List<Double> loss = List.of(3.7004, 0.5942, 0.0053);
        List<Double> accuracy = List.of(0.4067, 0.8383, 0.9983);
        assertTrue(Plots.spansOrdersOfMagnitude(List.of(loss)));
        assertFalse(Plots.spansOrdersOfMagnitude(List.of(accuracy)), "0.41 to 1.0 is less than a factor 10");
        assertFalse(Plots.spansOrdersOfMagnitude(List.of(List.of(2.3, Double.NaN))), "no log scale for NaN");
        List<Integer> epochs = List.of(0, 1, 2);
        XYChart chart = Plots.curves("Loss", "loss", epochs, List.of("loss"), List.of(loss), true);
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        assertEquals("loss (log scale)", chart.getYAxisTitle());
        assertFalse(Plots.curves("Accuracy", "accuracy", epochs, List.of("accuracy"), List.of(accuracy), false)
                .getStyler().isYAxisLogarithmic());
    }

    @Test
    void aLongRunIsDrawnAtEveryTenthOfTheLabelStep() {
        List<Integer> epochs = IntStream.range(0, 1000).boxed().toList();
        List<Double> loss = epochs.stream().map(e -> 2.0 / (e + 1)).toList();
        XYChart chart = Plots.curves("Loss", "loss", epochs, List.of("loss"), List.of(loss), true);
        // Label step 100, so every 10th epoch: 10, 20, ..., 1000.
        double[] x = chart.getSeriesMap().get("loss").getXData();
        assertEquals(100, x.length);
        assertEquals(10.0, x[0], 0.0);
        assertEquals(1000.0, x[99], 0.0);
        assertEquals(2.0 / 10, chart.getSeriesMap().get("loss").getYData()[0], 1e-15, "the loss of epoch 10 (index 9)");
    }
}

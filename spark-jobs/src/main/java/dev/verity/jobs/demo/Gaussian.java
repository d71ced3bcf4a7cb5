package dev.verity.jobs.demo;

import java.util.SplittableRandom;

/** Standard normal draws for the demo's generators. */
final class Gaussian {
    private Gaussian() {}

    /** One draw by Box-Muller: SplittableRandom has no nextGaussian on Java 17. */
    static double draw(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}

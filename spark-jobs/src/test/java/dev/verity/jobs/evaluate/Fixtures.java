package dev.verity.jobs.evaluate;

import dev.verity.jobs.TestSpark;
import java.nio.file.Path;

/**
 * A hand-made log covering every rule of the join. Of 13 prediction rows, 5 are unparseable, 1 is
 * a later duplicate of p5 and p3's only label is late, leaving 6 evaluated rows:
 * p1 (0.9, 1), p2 (0.2, 1 after a correction), p4 (0.4, 0), p5 (0.3, 0: the earliest copy),
 * p6 (0.8, 1: label at the prediction's instant), p7 (0.1, 0: label exactly 7 days later).
 */
final class Fixtures {
    private Fixtures() {}

    static Path binaryPredictions(Path dir) {
        return TestSpark.write(
                dir,
                "predictions.csv",
                "prediction_id,ts,model,model_version,score,country,platform",
                "p1,2026-11-01T10:00:00Z,m,v1,0.9,US,ios",
                "p2,2026-11-01T11:00:00Z,m,v1,0.2,US,android",
                "p3,2026-11-01T12:00:00Z,m,v1,0.6,BR,ios",
                "p4,2026-11-01T13:00:00Z,m,v1,0.4,BR,",
                "p5,2026-11-02T09:00:00Z,m,v1,0.7,US,ios",
                "p5,2026-11-02T08:00:00Z,m,v1,0.3,US,ios",
                "p6,1793613600000,m,v1,0.8,BR,android",
                "p7,2026-11-02T11:00:00Z,m,v1,0.1,US,ios",
                "p8,yesterday,m,v1,0.5,US,ios",
                "p9,2026-11-02T12:00:00Z,m,v1,abc,US,ios",
                "p10,2026-11-02T12:00:00Z,m,v1,NaN,US,ios",
                "p11,2026-11-02T12:00:00Z,m,v1,1.5,US,ios",
                ",2026-11-02T12:00:00Z,m,v1,0.5,US,ios");
    }

    static Path binaryLabels(Path dir) {
        return TestSpark.write(
                dir,
                "labels.csv",
                "prediction_id,label,label_ts",
                "p1,1,2026-11-01T11:00:00Z",
                "p2,0,2026-11-01T13:00:00Z",
                "p2,1,2026-11-01T14:00:00Z",
                "p3,0,2026-11-09T12:00:00Z",
                "p4,0,2026-11-01T12:00:00Z",
                "p4,0,2026-11-02T13:00:00Z",
                "p5,0,2026-11-02T09:00:00Z",
                "p6,1,2026-11-02T10:00:00Z",
                "p7,0,2026-11-09T11:00:00Z",
                "zz,1,2026-11-02T10:00:00Z",
                "p1,x,2026-11-01T11:00:00Z",
                "p1,2,2026-11-01T11:00:00Z",
                "p1,1,not-a-time");
    }
}

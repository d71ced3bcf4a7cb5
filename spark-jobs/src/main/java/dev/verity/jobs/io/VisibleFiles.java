package dev.verity.jobs.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The files of a folder that Spark reads as data: every file below it but those with a hidden
 * part in their path ({@code .x} or {@code _x}: checksums, {@code _SUCCESS}, a Delta log).
 */
public final class VisibleFiles {
    private VisibleFiles() {}

    public static List<LocatedFileStatus> in(FileSystem fs, Path folder) throws IOException {
        String prefix = fs.makeQualified(folder).toString();
        List<LocatedFileStatus> files = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> all = fs.listFiles(folder, true);
        while (all.hasNext()) {
            LocatedFileStatus file = all.next();
            String relative = file.getPath().toString().substring(prefix.length());
            if (Arrays.stream(relative.split("/")).noneMatch(p -> p.startsWith(".") || p.startsWith("_"))) {
                files.add(file);
            }
        }
        return files;
    }
}

package io.hrsync.plan;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import io.hrsync.hris.HrisRow;
import io.hrsync.hris.HrisRowReader;
import io.hrsync.state.PersonSnapshots;

/**
 * A file's validated rows in batches, read on a thread of their own while the planning pass decides
 * the batch before: reading, validating and making each person's snapshot is about half of a pass
 * (commons-csv's lexer alone a third, in the 1,000,000-row profile of bench/ingest.sh), so on two
 * cores the pass takes the time of its slower half (the snapshot made here rather than by the pass:
 * 88,000 rows/s instead of 101,000). At most {@link #AHEAD} batches wait, so memory
 * stays flat. Hand-written rather than a Camel parallel split: the decisions must stay in file order
 * (the plan id is a digest of them in that order) and the reader must stop when the pass does.
 */
final class RowBatches implements Closeable {

    /** Batches read ahead of the one being decided. */
    static final int AHEAD = 4;


    /** One row and, for a valid one, the person's snapshot ({@link PersonSnapshots#toJson}). */
    record Read(HrisRow row, String snapshot) {
    }

    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
    private final Thread reader;
    private boolean ended;

    RowBatches(HrisRowReader.Rows rows, int batchSize) {
        reader = new Thread(() -> read(rows, batchSize), "hrsync-plan-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(HrisRowReader.Rows rows, int batchSize) {
        try {
            List<Read> batch = new ArrayList<>(batchSize);
            while (rows.hasNext()) {
                HrisRow row = rows.next();
                batch.add(new Read(row, row.isValid() ? PersonSnapshots.toJson(row.person()) : null));
                if (batch.size() == batchSize) {
                    queue.put(batch);
                    batch = new ArrayList<>(batchSize);
                }
            }
            if (!batch.isEmpty()) {
                queue.put(batch);
            }
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the pass stopped: nobody reads on
        } catch (RuntimeException | Error e) {
            try {
                queue.put(e);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        } finally {
            rows.close();
        }
    }

    /** The next batch, in file order; empty at the end of the file. A reading error is thrown here. */
    @SuppressWarnings("unchecked")
    List<Read> next() {
        if (ended) {
            return List.of();
        }
        Object next;
        try {
            next = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the file", e);
        }
        if (next == END) {
            ended = true;
            return List.of();
        }
        if (next instanceof RuntimeException e) {
            ended = true;
            throw e;
        }
        if (next instanceof Error e) {
            ended = true;
            throw e;
        }
        return (List<Read>) next;
    }

    /** Stops the reader (a pass that ends early); the file is closed by it. */
    @Override
    public void close() {
        reader.interrupt();
    }
}

package io.hrsync.hris;

/**
 * A set of text keys (employee ids, emails) kept as two independent 64-bit hashes each, with an
 * optional row number per key: 16 to 24 bytes a key instead of the ~110 a {@code HashMap<String, Long>}
 * entry costs. Hand-written because a 1,000,000-row export must be read within {@code -Xmx256m}
 * (issue 10): the two sets of a 1M-row file take 64 MB here, more than 220 MB as Java collections.
 *
 * <p>Two keys are taken for one only when both 64-bit hashes agree: for two different texts that
 * happens with a probability of about 2<sup>-128</sup>, far below any other failure of the machine.
 */
public final class KeyHashes {

    private static final long EMPTY = 0L;
    private static final int MIN_CAPACITY = 1 << 10;

    private long[] first;
    private long[] second;
    private long[] rows;
    private int size;

    /** A set without row numbers. */
    public KeyHashes() {
        this(false);
    }

    private KeyHashes(boolean withRows) {
        first = new long[MIN_CAPACITY];
        second = new long[MIN_CAPACITY];
        rows = withRows ? new long[MIN_CAPACITY] : null;
    }

    /** A set that remembers, per key, the row it was first seen on. */
    public static KeyHashes withRows() {
        return new KeyHashes(true);
    }

    public int size() {
        return size;
    }

    public boolean contains(String key) {
        long a = hashA(key);
        long b = hashB(key);
        int mask = first.length - 1;
        for (int i = (int) a & mask;; i = (i + 1) & mask) {
            if (first[i] == EMPTY) {
                return false;
            }
            if (first[i] == a && second[i] == b) {
                return true;
            }
        }
    }

    /** Adds the key; true when it was not there yet. */
    public boolean add(String key) {
        return put(key, 0) < 0;
    }

    /**
     * Adds the key with its row; the row it was first seen on when it was there already (the set keeps
     * that one), else -1.
     */
    public long put(String key, long row) {
        if ((size + 1) * 4L > first.length * 3L) {
            grow();
        }
        long a = hashA(key);
        long b = hashB(key);
        int mask = first.length - 1;
        for (int i = (int) a & mask;; i = (i + 1) & mask) {
            if (first[i] == EMPTY) {
                first[i] = a;
                second[i] = b;
                if (rows != null) {
                    rows[i] = row;
                }
                size++;
                return -1;
            }
            if (first[i] == a && second[i] == b) {
                return rows == null ? 0 : rows[i];
            }
        }
    }

    /** The same keys without their rows (what is kept once the rows served their purpose). */
    public KeyHashes withoutRows() {
        KeyHashes keys = new KeyHashes(false);
        keys.first = first;
        keys.second = second;
        keys.size = size;
        return keys;
    }

    private void grow() {
        long[] oldFirst = first;
        long[] oldSecond = second;
        long[] oldRows = rows;
        first = new long[oldFirst.length * 2];
        second = new long[oldFirst.length * 2];
        rows = oldRows == null ? null : new long[oldFirst.length * 2];
        int mask = first.length - 1;
        for (int j = 0; j < oldFirst.length; j++) {
            if (oldFirst[j] == EMPTY) {
                continue;
            }
            int i = (int) oldFirst[j] & mask;
            while (first[i] != EMPTY) {
                i = (i + 1) & mask;
            }
            first[i] = oldFirst[j];
            second[i] = oldSecond[j];
            if (rows != null) {
                rows[i] = oldRows[j];
            }
        }
    }

    /** FNV-1a over the UTF-16 units, then a 64-bit finaliser; never the empty marker. */
    static long hashA(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * 0x100000001b3L;
        }
        long m = mix(h ^ key.length());
        return m == EMPTY ? 1 : m;
    }

    /** A multiply-add over the units with another constant and finaliser: independent of {@link #hashA}. */
    static long hashB(String key) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < key.length(); i++) {
            h = (h + key.charAt(i) + 1) * 0xD6E8FEB86659FD93L;
        }
        return mix(h + key.length() * 0x94D049BB133111EBL);
    }

    /** Murmur3's fmix64. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    @Override
    public String toString() {
        return "KeyHashes[" + size + " keys, " + first.length + " slots]";
    }
}

package io.streamadapt.kafka;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;

/**
 * Keeps each RocksDB store's native memory small. Kafka Streams' defaults (a 50 MiB block cache and three 16 MiB write
 * buffers per store) suit large stores; the trainer's store holds a micro-batch and a reservoir of a few thousand
 * events, and those defaults were a large part of the process's memory outside the heap.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {
    static final long BLOCK_CACHE_BYTES = 8L << 20;
    static final long WRITE_BUFFER_BYTES = 4L << 20;

    private Cache cache;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        cache = new LRUCache(BLOCK_CACHE_BYTES);
        table.setBlockCache(cache);
        options.setTableFormatConfig(table);
        options.setWriteBufferSize(WRITE_BUFFER_BYTES);
        options.setMaxWriteBufferNumber(2);
    }

    @Override
    public void close(String storeName, Options options) {
        cache.close();
    }
}

package io.streamadapt.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedRocksDbTest {
    @Test
    void storesGetSmallWriteBuffersAndTheirOwnSmallBlockCache() {
        RocksDB.loadLibrary();
        try (Options options = new Options()) {
            options.setTableFormatConfig(new BlockBasedTableConfig());
            BoundedRocksDb setter = new BoundedRocksDb();
            setter.setConfig("trainer-state", options, Map.of());
            assertThat(options.writeBufferSize()).isEqualTo(BoundedRocksDb.WRITE_BUFFER_BYTES);
            assertThat(options.maxWriteBufferNumber()).isEqualTo(2);
            assertThat(options.tableFormatConfig()).isInstanceOf(BlockBasedTableConfig.class);
            setter.close("trainer-state", options);
        }
    }
}

package io.faalive.job.source;

/**
 * A Kafka record exactly as read, before any parsing, so that whatever fails later can
 * be dead-lettered with its origin and original bytes. A Flink POJO.
 */
public class RawRecord {

    public String topic;
    public int partition;
    public long offset;
    public long timestampMs;
    public byte[] key;
    public byte[] value;

    public RawRecord() {}

    public RawRecord(String topic, int partition, long offset, long timestampMs, byte[] key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestampMs = timestampMs;
        this.key = key;
        this.value = value;
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}

/*
 * A Kafka Connect transform of known cost, for checking what the JVM harness reports
 * (benchmarks/jvm_harness_accuracy.py): spins ``us`` microseconds per record, then returns it unchanged.
 */

package probes;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;

public class BusyWait<R extends ConnectRecord<R>> implements Transformation<R> {
    private long nanos;

    @Override
    public void configure(Map<String, ?> settings) {
        nanos = Math.round(Double.parseDouble((String) settings.get("us")) * 1000);
    }

    @Override
    public R apply(R record) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        return record;
    }

    /** The probe timed by itself, no harness: ``java -cp ... BusyWait US RECORDS`` prints ns per record (median of
     *  five passes after a few seconds of warm-up), what the harness's figure is checked against. */
    public static void main(String[] args) {
        BusyWait<org.apache.kafka.connect.sink.SinkRecord> probe = new BusyWait<>();
        probe.configure(Map.of("us", args[0]));
        int records = Integer.parseInt(args[1]);
        org.apache.kafka.connect.sink.SinkRecord record = new org.apache.kafka.connect.sink.SinkRecord("t", 0, null, null, null, null, 0);
        long warm = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < warm) probe.apply(record);
        double[] passes = new double[5];
        for (int p = 0; p < passes.length; p++) {
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) probe.apply(record);
            passes[p] = (System.nanoTime() - start) / (double) records;
        }
        java.util.Arrays.sort(passes);
        System.out.println(passes[passes.length / 2]);
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public void close() {
    }
}

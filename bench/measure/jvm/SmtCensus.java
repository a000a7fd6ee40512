/*
 * For SmtHarness --check: what one stage of the chain did with the records it got, and what they were there.
 */

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/** What one stage did with the records it got (changed, or returned as it came or equal to it: unchanged),
 *  and what they were there: their first few topics, the maps of their values and keys and those maps'
 *  top-level field names (a Struct's schema fields). */
final class SmtCensus {
    static final int TOPICS_KEPT = 20;
    int changed, unchanged;
    final LinkedHashSet<String> topics = new LinkedHashSet<>();
    boolean moreTopics;
    final int[] maps = new int[2], nulls = new int[2];  // [value, key]
    final List<TreeSet<String>> fields = List.of(new TreeSet<>(), new TreeSet<>());

    void see(SinkRecord record) {
        if (!topics.contains(record.topic())) {
            if (topics.size() < TOPICS_KEPT) topics.add(record.topic()); else moreTopics = true;
        }
        shape(0, record.value());
        shape(1, record.key());
    }

    void shape(int side, Object data) {
        if (data == null) {
            nulls[side]++;
        } else if (data instanceof Map) {
            maps[side]++;
            for (Object name : ((Map<?, ?>) data).keySet()) fields.get(side).add(String.valueOf(name));
        } else if (data instanceof Struct) {
            maps[side]++;
            for (Field f : ((Struct) data).schema().fields()) fields.get(side).add(f.name());
        }
    }

    void outcome(SinkRecord in, SinkRecord out) {
        boolean same = in == out || (Objects.equals(in.topic(), out.topic())
            && Objects.equals(in.kafkaPartition(), out.kafkaPartition())
            && Objects.equals(in.keySchema(), out.keySchema())
            && Objects.equals(in.key(), out.key())
            && Objects.equals(in.valueSchema(), out.valueSchema())
            && Objects.equals(in.value(), out.value())
            && Objects.equals(in.timestamp(), out.timestamp())
            && Objects.equals(in.headers(), out.headers()));
        if (same) unchanged++; else changed++;
    }

    void write(ObjectNode o) {
        o.put("changed", changed);
        o.put("unchanged", unchanged);
        ArrayNode seen = o.putArray("topics");
        for (String topic : topics) seen.add(topic);
        o.put("more_topics", moreTopics);
        String[] sides = {"value", "key"};
        for (int side = 0; side < 2; side++) {
            ObjectNode shape = o.putObject(sides[side]);
            shape.put("maps", maps[side]);
            shape.put("nulls", nulls[side]);
            ArrayNode names = shape.putArray("fields");
            for (String name : fields.get(side)) names.add(name);
        }
    }
}

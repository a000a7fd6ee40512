/*
 * smtbench's own transforms as Java twins, for the JVM harness (SmtHarness.java): the same behaviour as
 * transforms/regex_replace.py and transforms/lookup.py on schemaless maps, written as Kafka Connect
 * Transformations so that a chain using them runs whole on Kafka's classes.
 */

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;

public final class SmtTwins {
    /** Base of the twins below: the key's or the value's map, null passing through, Kafka's requireMap error. */
    abstract static class MapTwin implements Transformation<SinkRecord> {
        final boolean onKey; final String purpose;
        MapTwin(boolean onKey, String purpose) { this.onKey = onKey; this.purpose = purpose; }

        @SuppressWarnings("unchecked")
        public SinkRecord apply(SinkRecord record) {
            Object data = onKey ? record.key() : record.value();
            if (data == null) return record;
            if (!(data instanceof Map))
                throw new DataException("Only Map objects supported in absence of schema for [" + purpose + "], found: " + data.getClass().getName());
            Map<String, Object> out = applyMap((Map<String, Object>) data);
            if (out == data) return record;
            return onKey
                ? record.newRecord(record.topic(), record.kafkaPartition(), null, out, record.valueSchema(), record.value(), record.timestamp())
                : record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), null, out, record.timestamp());
        }

        abstract Map<String, Object> applyMap(Map<String, Object> data);
        public ConfigDef config() { return new ConfigDef(); }
        public void close() {}
    }

    /** RegexReplace: every match of ``pattern`` in the string field ``field`` (Java replaceAll). */
    public static class RegexReplace extends MapTwin {
        String field, replacement; Pattern pattern;
        RegexReplace(boolean onKey) { super(onKey, "regex replacement"); }
        public void configure(Map<String, ?> settings) {
            field = (String) settings.get("field");
            pattern = Pattern.compile((String) settings.get("pattern"));
            replacement = (String) settings.get("replacement");
        }
        Map<String, Object> applyMap(Map<String, Object> data) {
            Object text = data.get(field);
            if (text == null) return data;
            if (!(text instanceof String)) throw new DataException("field " + field + " is " + text.getClass().getName() + ", expected String");
            Matcher matcher = pattern.matcher((String) text);
            if (!matcher.find()) return data;
            Map<String, Object> out = new HashMap<>(data);
            out.put(field, matcher.replaceAll(replacement));
            return out;
        }
    }
    public static final class RegexReplaceKey extends RegexReplace { public RegexReplaceKey() { super(true); } }
    public static final class RegexReplaceValue extends RegexReplace { public RegexReplaceValue() { super(false); } }

    /** Lookup: ``table[data[field]]`` (strings as they are, integers as their decimal string) into ``target``. */
    public static class Lookup extends MapTwin {
        String field, target; Object fallback; boolean hasDefault; Map<String, Object> table;
        Lookup(boolean onKey) { super(onKey, "lookup"); }
        @SuppressWarnings("unchecked")
        public void configure(Map<String, ?> settings) {
            field = (String) settings.get("field");
            target = (String) settings.get("target");
            table = (Map<String, Object>) settings.get("table");
            hasDefault = settings.containsKey("default");
            fallback = settings.get("default");
        }
        Map<String, Object> applyMap(Map<String, Object> data) {
            Object key = data.get(field);
            Object found;
            if (key == null) found = null;
            else if (key instanceof String) found = table.get(key);
            else if (key instanceof Long || key instanceof Integer || key instanceof Short || key instanceof Byte)
                found = table.get(String.valueOf(((Number) key).longValue()));
            else throw new DataException("field " + field + " is " + key.getClass().getName() + ", expected String or integer");
            boolean miss = found == null && !(key != null && table.containsKey(keyString(key)));
            if (miss) {
                if (!hasDefault) return data;
                found = fallback;
            }
            Map<String, Object> out = new HashMap<>(data);
            out.put(target, found);
            return out;
        }
        static String keyString(Object key) { return key instanceof String ? (String) key : String.valueOf(((Number) key).longValue()); }
    }
    public static final class LookupKey extends Lookup { public LookupKey() { super(true); } }
    public static final class LookupValue extends Lookup { public LookupValue() { super(false); } }
}

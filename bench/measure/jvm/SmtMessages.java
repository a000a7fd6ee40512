/*
 * The messages of smtbench's JVM harness (SmtHarness extends this class), and Kafka Connect's converters over
 * them: each message's value and key (null for a tombstone or no key), partition, offset, timestamp and headers,
 * as bench/measure/jvm/forks.py writes them; decoded into a SinkRecord as a worker's sink task does it, and encoded
 * as a source task's producer gets a record.
 */

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.converters.ByteArrayConverter;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.storage.StringConverter;

class SmtMessages {
    /** The messages: values (null for a tombstone), keys (null for none), meta (partition, offset, has a timestamp,
     *  timestamp) and headers. */
    static final List<byte[]> wire = new ArrayList<>(), keys = new ArrayList<>();
    static final List<long[]> meta = new ArrayList<>();
    static final List<String[]> headerNames = new ArrayList<>();
    static final List<byte[][]> headerValues = new ArrayList<>();
    static Converter keyConverter;
    static HeaderConverter headerConverter;

    /** Reads the messages file forks.write_messages wrote. */
    static void read(String path) throws java.io.IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(path)))) {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                wire.add(blob(in));
                keys.add(blob(in));
                meta.add(new long[] {in.readInt(), in.readLong(), in.readByte(), in.readLong()});
                String[] names = new String[in.readInt()];
                byte[][] values = new byte[names.length][];
                for (int h = 0; h < names.length; h++) {
                    names[h] = new String(blob(in), StandardCharsets.UTF_8);
                    values[h] = blob(in);
                }
                headerNames.add(names);
                headerValues.add(values);
            }
        }
    }

    /** A length (-1 for null), then that many bytes. */
    static byte[] blob(DataInputStream in) throws java.io.IOException {
        int length = in.readInt();
        if (length < 0) return null;
        byte[] data = new byte[length];
        in.readFully(data);
        return data;
    }

    /** Message i as a worker's sink task makes it (WorkerSinkTask.convertAndTransformRecord): the key, value and
     *  each header through their converters (a null value or key is theirs to handle, as there). */
    static SinkRecord decode(Converter converter, String topic, int i) {
        long[] m = meta.get(i);
        SchemaAndValue key = keyConverter.toConnectData(topic, keys.get(i));
        SchemaAndValue value = converter.toConnectData(topic, wire.get(i));
        ConnectHeaders headers = new ConnectHeaders();
        String[] names = headerNames.get(i);
        byte[][] values = headerValues.get(i);
        for (int h = 0; h < names.length; h++)
            headers.add(names[h], headerConverter.toConnectHeader(topic, names[h], values[h]));
        Long timestamp = m[2] != 0 ? m[3] : null;
        TimestampType type = timestamp == null ? TimestampType.NO_TIMESTAMP_TYPE : TimestampType.CREATE_TIME;
        return new SinkRecord(topic, (int) m[0], key.schema(), key.value(), value.schema(), value.value(), m[1],
                              timestamp, type, headers);
    }

    /** The bytes of a record as a source task's producer gets them: the value, the key and every header through
     *  their converters (a null value or key skipped). */
    static long encoded(Converter converter, SinkRecord record) {
        long n = 0;
        String topic = record.topic();
        if (record.value() != null) n += converter.fromConnectData(topic, record.valueSchema(), record.value()).length;
        if (record.key() != null) n += keyConverter.fromConnectData(topic, record.keySchema(), record.key()).length;
        for (Header header : record.headers()) {
            byte[] data = headerConverter.fromConnectHeader(topic, header.key(), header.schema(), header.value());
            if (data != null) n += data.length;
        }
        return n;
    }

    /** What the master compares: the key or value as schemaless JSON (null as null). */
    static JsonNode asJson(ObjectMapper mapper, JsonConverter json, String topic, Schema schema,
                           Object value) throws java.io.IOException {
        byte[] data = json.fromConnectData(topic, schema, value);
        return data == null ? mapper.nullNode() : mapper.readTree(data);
    }

    /** The key converter: its own kind when it has one (a connector's key.converter; string for StringConverter,
     *  as for a sample's keys that are not all JSON), else the value's: JsonConverter without or with schemas, or
     *  AvroConverter with the key schema (the topic's key subject). */
    static Converter keyConverter(String format, String keyFormat, String topic, JsonNode keySchema) throws Exception {
        String kind = keyFormat.isEmpty() ? format : keyFormat;
        Converter simple = converter(kind, true);
        if (simple != null) return simple;
        String schema = keySchema.isNull() || keySchema.isMissingNode() ? null : keySchema.asText();
        return avroConverter(topic + "-key", schema, keys, kind, true);
    }

    /** The converter of a kind that needs no schema registry: JsonConverter without or with schemas,
     *  StringConverter, ByteArrayConverter; null for the Avro kinds. */
    static Converter converter(String kind, boolean isKey) {
        switch (kind) {
            case "json": case "json-schemas": return jsonConverter(kind.equals("json-schemas"), isKey);
            case "string": { StringConverter c = new StringConverter(); c.configure(new HashMap<>(), isKey); return c; }
            case "bytes": { ByteArrayConverter c = new ByteArrayConverter(); c.configure(new HashMap<>(), isKey); return c; }
            default: return null;
        }
    }

    static JsonConverter jsonConverter(boolean schemas) {
        return jsonConverter(schemas, false);
    }

    /** JsonConverter with or without schemas, for the value or the key. */
    static JsonConverter jsonConverter(boolean schemas, boolean isKey) {
        JsonConverter converter = new JsonConverter();
        Map<String, Object> settings = new HashMap<>();
        settings.put("schemas.enable", String.valueOf(schemas));
        converter.configure(settings, isKey);
        return converter;
    }

    /** Confluent's AvroConverter against an in-process mock schema registry holding the input schema; the
     *  messages framed with its id. */
    static Converter avroConverter(String topic, String schema, List<byte[]> wire, String format) throws Exception {
        return avroConverter(topic + "-value", schema, wire, format, false);
    }

    /** The same for the subject's key or value: with no schema (no keys came in), the converter alone. */
    static Converter avroConverter(String subject, String schema, List<byte[]> wire, String format, boolean isKey)
            throws Exception {
        Object client = Class.forName("io.confluent.kafka.schemaregistry.client.MockSchemaRegistryClient")
            .getDeclaredConstructor().newInstance();
        if (schema != null) {
            int id = registerSchema(client, subject, schema);
            for (int i = 0; i < wire.size(); i++)
                if (wire.get(i) != null) wire.set(i, framed(wire.get(i), id, format.equals("avro")));
        }
        Class<?> clientType = Class.forName("io.confluent.kafka.schemaregistry.client.SchemaRegistryClient");
        Converter converter = (Converter) Class.forName("io.confluent.connect.avro.AvroConverter")
            .getConstructor(clientType).newInstance(client);
        converter.configure(Map.of("schema.registry.url", "mock://smtbench"), isKey);
        return converter;
    }

    /** The input schema, registered under the subject (the topic's value or key subject) in the mock registry
     *  AvroConverter will ask (by reflection: Confluent's jars are needed only when an Avro format is measured).
     *  Its id. */
    static int registerSchema(Object client, String subject, String schema) throws Exception {
        Object parsed = Class.forName("io.confluent.kafka.schemaregistry.avro.AvroSchema")
            .getConstructor(String.class).newInstance(schema);
        for (java.lang.reflect.Method method : client.getClass().getMethods()) {
            Class<?>[] types = method.getParameterTypes();
            if (method.getName().equals("register") && types.length == 2 && types[0] == String.class
                    && types[1].isInstance(parsed))
                return (Integer) method.invoke(client, subject, parsed);
        }
        throw new IllegalStateException("the schema registry client has no register(String, ParsedSchema)");
    }

    /** Confluent's wire format with the registered id: framed anew (avro) or re-numbered (confluent-avro). */
    static byte[] framed(byte[] data, int id, boolean bare) {
        int skip = bare ? 0 : 5;
        byte[] out = new byte[5 + data.length - skip];
        out[0] = 0;
        out[1] = (byte) (id >>> 24); out[2] = (byte) (id >>> 16); out[3] = (byte) (id >>> 8); out[4] = (byte) id;
        System.arraycopy(data, skip, out, 5, data.length - skip);
        return out;
    }

}

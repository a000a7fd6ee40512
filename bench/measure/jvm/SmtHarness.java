/*
 * smtbench's JVM harness: Kafka Connect's own converter and transforms, timed on the wire bytes the Python side
 * measures, JMH's way: one fork per run of this class, a warm-up until the JIT has settled, then timed rounds in
 * which every cell runs once over all its records.
 *
 *   java -cp HARNESS_DIR:KAFKA_JARS SmtHarness JOB.json OUT.json         (time it)
 *   java -cp HARNESS_DIR:KAFKA_JARS SmtHarness JOB.json --check OUTPUTS.json   (configure, run once, write outputs)
 *
 * A cell is one pass: decode (JsonConverter without or with schemas, or Confluent's AvroConverter for the Avro
 * formats; bytes to SinkRecord), transform:<alias> (that stage alone, on the records as they reach it), chain
 * (every stage in order, as Connect's TransformationChain runs a chain, predicates included), encode,
 * pass-through (decode + encode) and end-to-end (decode, chain, encode). For each cell and round it reports seconds
 * per record, wall and (where the JVM has the clock) this thread's CPU time, and the bytes the thread allocated per
 * record in the timed rounds.
 */

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

public final class SmtHarness extends SmtMessages {
    /** Results go here, so the JIT cannot drop the work that made them. */
    static volatile long sink;

    interface Pass { long run(); }  // one pass over a cell's records; returns something derived from every result

    static final class Cell {
        final String name, stage; final int records; final Pass pass;
        Cell(String name, String stage, int records, Pass pass) {
            this.name = name; this.stage = stage; this.records = records; this.pass = pass;
        }
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode job = mapper.readTree(new File(args[0]));
        String name = job.get("name").asText(), topic = job.get("topic").asText();
        read(job.get("messages").asText());
        JsonConverter json = jsonConverter(false);
        String format = job.get("format").asText();
        Converter simple = converter(format, false);
        final Converter converter = simple != null ? simple
                : avroConverter(topic, job.get("schema").asText(), wire, format);
        keyConverter = keyConverter(format, job.path("key_format").asText(""), topic, job.path("key_schema"));
        // header.converter: SimpleHeaderConverter (Connect's default: the text typed by Values.parseString), or
        // StringConverter (text)
        headerConverter = job.path("header_format").asText("simple").equals("string") ? new StringConverter()
                : new SimpleHeaderConverter();
        headerConverter.configure(Map.of("converter.type", "header"));

        // Connect configures every declared predicate, used or not; a stage runs when test(record) != negate.
        Map<String, Predicate<SinkRecord>> predicates = new HashMap<>();
        for (JsonNode predicate : job.get("predicates")) {
            try {
                predicates.put(predicate.get("alias").asText(), configuredPredicate(predicate, mapper));
            } catch (Exception e) {
                refused("predicate", predicate, e);
            }
        }
        List<Transformation<SinkRecord>> stages = new ArrayList<>();
        List<String> aliases = new ArrayList<>();
        for (JsonNode stage : job.get("stages")) {
            aliases.add(stage.get("alias").asText());
            try {
                Transformation<SinkRecord> transformation = configured(stage, mapper);
                JsonNode predicate = stage.get("predicate");
                stages.add(predicate == null || predicate.isNull() ? transformation
                           : new Conditional(transformation, predicates.get(predicate.asText()), stage.get("negate").asBoolean()));
            } catch (Exception e) {
                refused("transform", stage, e);
            }
        }

        List<SinkRecord> records = new ArrayList<>();
        List<Integer> from = new ArrayList<>();  // the message each record of a stage's input came from
        for (int i = 0; i < wire.size(); i++) {
            records.add(decode(converter, topic, i));
            from.add(i);
        }
        // errors.tolerance=all: a record a stage fails on is skipped and counted, as Connect skips it; it is not
        // among the records that stage's cell times (the chain's cell has it).
        tolerant = "all".equals(job.path("tolerance").asText("none"));
        int[] skipped = new int[stages.size()];
        boolean checking = args[1].equals("--check");
        // --check: each stage on each record within record_time_limit_s, else one line naming them and exit 3
        if (checking) SmtWatchdog.start(job.path("record_time_limit_s").asDouble(1.0), job.path("origins"));
        SmtCensus[] census = new SmtCensus[stages.size()];  // --check: what each stage did, and the records it got
        List<List<SinkRecord>> inputs = new ArrayList<>();
        inputs.add(records);
        for (int s = 0; s < stages.size(); s++) {
            List<SinkRecord> in = inputs.get(inputs.size() - 1), handled = new ArrayList<>(), out = new ArrayList<>();
            List<Integer> outFrom = new ArrayList<>();
            census[s] = checking ? new SmtCensus() : null;
            String stage = "transform '" + aliases.get(s) + "' (" + job.get("stages").get(s).get("class").asText()
                           + ")";
            for (int r = 0; r < in.size(); r++) {
                SinkRecord record = in.get(r);
                if (checking) census[s].see(record);
                SinkRecord next;
                try {
                    if (checking) SmtWatchdog.watch(stage, from.get(r), 1);
                    next = stages.get(s).apply(record);
                } catch (RuntimeException e) {  // a record Kafka's transform cannot handle: one line, which one
                    if (tolerant) { skipped[s]++; continue; }
                    System.err.println("smtbench: " + stage + ": " + e.getClass().getSimpleName() + ": "
                                       + e.getMessage() + " (message at offset " + record.kafkaOffset() + ")");
                    System.exit(2);
                    return;
                } finally {
                    SmtWatchdog.idle();
                }
                handled.add(record);
                if (next != null) {
                    out.add(next);
                    outFrom.add(from.get(r));
                    if (checking) census[s].outcome(record, next);
                }
            }
            inputs.set(inputs.size() - 1, handled);
            inputs.add(out);
            from = outFrom;
        }
        List<SinkRecord> outputs = inputs.get(inputs.size() - 1);

        if (checking) {  // what the chain made of each record, for the master's check
            ArrayNode made = mapper.createArrayNode();
            for (int i = 0; i < records.size(); i++) {
                SmtWatchdog.watch("Kafka's chain (every stage in turn)", i, Math.max(1, stages.size()));
                SinkRecord out = chain(stages, records.get(i));
                SmtWatchdog.idle();
                if (out == null) { made.addNull(); continue; }
                ObjectNode o = made.addObject();
                o.put("topic", out.topic());
                o.set("key", asJson(mapper, json, out.topic(), out.keySchema(), out.key()));
                o.set("value", asJson(mapper, json, out.topic(), out.valueSchema(), out.value()));
            }
            ObjectNode checked = mapper.createObjectNode();
            checked.set("outputs", made);
            ArrayNode counts = checked.putArray("counts");
            for (List<SinkRecord> in : inputs) counts.add(in.size());
            ArrayNode skips = checked.putArray("skipped");
            for (int count : skipped) skips.add(count);
            ArrayNode outcomes = checked.putArray("outcomes");
            for (SmtCensus c : census) c.write(outcomes.addObject());
            mapper.writeValue(new File(args[2]), checked);
            System.exit(0);
        }

        List<Cell> cells = new ArrayList<>();
        String prefix = name + "/jvm/";
        cells.add(new Cell(prefix + "decode", "decode", wire.size(), () -> {
            long h = 0;
            for (int i = 0; i < wire.size(); i++) h += decode(converter, topic, i).hashCode();
            return h;
        }));
        for (int s = 0; s < stages.size(); s++) {
            Transformation<SinkRecord> stage = stages.get(s);
            List<SinkRecord> in = inputs.get(s);
            if (in.isEmpty()) continue;
            cells.add(new Cell(prefix + "transform:" + aliases.get(s), "transform:" + aliases.get(s), in.size(), () -> {
                long h = 0;
                for (SinkRecord record : in) {
                    SinkRecord out = stage.apply(record);
                    if (out != null) h += out.topic().length();
                }
                return h;
            }));
        }
        cells.add(new Cell(prefix + "chain", "chain", records.size(), () -> {
            long h = 0;
            for (SinkRecord record : records) {
                SinkRecord out = chain(stages, record);
                if (out != null) h += out.topic().length();
            }
            return h;
        }));
        if (!outputs.isEmpty()) {
            cells.add(new Cell(prefix + "encode", "encode", outputs.size(), () -> {
                long h = 0;
                for (SinkRecord record : outputs) h += encoded(converter, record);
                return h;
            }));
        }
        cells.add(new Cell(prefix + "pass-through", "pass-through", wire.size(), () -> {
            long h = 0;
            for (int i = 0; i < wire.size(); i++) {
                h += encoded(converter, decode(converter, topic, i));
            }
            return h;
        }));
        cells.add(new Cell(prefix + "end-to-end", "end-to-end", wire.size(), () -> {
            long h = 0;
            for (int i = 0; i < wire.size(); i++) {
                SinkRecord record = chain(stages, decode(converter, topic, i));
                if (record != null) h += encoded(converter, record);
            }
            return h;
        }));

        // Warm-up: at least warmup_s, then on until the chain's cost over the last three rounds is within
        // settle_pct of each other (the JIT has settled), or max_warmup_s.
        double minWarmup = job.get("warmup_s").asDouble(), maxWarmup = job.get("max_warmup_s").asDouble();
        double settle = job.get("settle_pct").asDouble() / 100.0;
        long start = System.nanoTime();
        List<Double> chainCosts = new ArrayList<>();
        int warmupRounds = 0;
        while (true) {
            Map<String, Double> round = runRound(cells, null, null);
            warmupRounds++;
            chainCosts.add(round.get(prefix + "chain"));
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (elapsed >= maxWarmup) break;
            if (elapsed >= minWarmup && chainCosts.size() >= 3) {
                List<Double> last = chainCosts.subList(chainCosts.size() - 3, chainCosts.size());
                double lo = Math.min(last.get(0), Math.min(last.get(1), last.get(2)));
                double hi = Math.max(last.get(0), Math.max(last.get(1), last.get(2)));
                if (hi <= lo * (1 + settle)) break;
            }
        }
        double warmupSeconds = (System.nanoTime() - start) / 1e9;
        int rounds = job.get("rounds").asInt();
        Map<String, Long> allocated = new LinkedHashMap<>();
        java.lang.management.ThreadMXBean clock = ManagementFactory.getThreadMXBean();
        boolean cpuClock = clock.isCurrentThreadCpuTimeSupported() && clock.isThreadCpuTimeEnabled();
        ArrayNode values = mapper.createArrayNode(), cpuValues = mapper.createArrayNode();
        for (int r = 0; r < rounds; r++) {
            ObjectNode round = mapper.createObjectNode(), cpuRound = mapper.createObjectNode();
            Map<String, Double> cpu = cpuClock ? new LinkedHashMap<>() : null;
            Map<String, Double> wall = runRound(cells, allocated, cpu);
            for (Map.Entry<String, Double> e : wall.entrySet()) round.put(e.getKey(), e.getValue());
            if (cpuClock) for (Map.Entry<String, Double> e : cpu.entrySet()) cpuRound.put(e.getKey(), e.getValue());
            values.add(round);
            cpuValues.add(cpuRound);
        }

        ObjectNode out = mapper.createObjectNode();
        ArrayNode described = out.putArray("cells");
        for (Cell cell : cells) {
            ObjectNode c = described.addObject();
            c.put("name", cell.name); c.put("stage", cell.stage); c.put("backend", "jvm"); c.put("records", cell.records);
            c.put("bytes_per_record", allocated.get(cell.name) / (double) rounds / cell.records);
        }
        out.set("values", values);
        if (cpuClock) out.set("cpu", cpuValues);
        out.put("warmup_s", warmupSeconds);
        out.put("warmup_rounds", warmupRounds);
        out.put("java", System.getProperty("java.version"));
        out.put("vm", System.getProperty("java.vm.name"));
        out.put("kafka", org.apache.kafka.common.utils.AppInfoParser.getVersion());
        mapper.writeValue(new File(args[1]), out);
        System.exit(0);
    }

    /** One line for the master to show (the stage, Kafka's exception, its message), and exit. */
    static void refused(String what, JsonNode item, Exception e) {
        Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
        System.err.println("smtbench: " + what + " '" + item.get("alias").asText() + "' (" + item.get("class").asText()
                           + "): " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
        System.exit(2);
    }

    /** Connect's TransformationStage: the transformation runs when the predicate's test differs from negate. */
    static final class Conditional implements Transformation<SinkRecord> {
        final Transformation<SinkRecord> transformation; final Predicate<SinkRecord> predicate; final boolean negate;
        Conditional(Transformation<SinkRecord> transformation, Predicate<SinkRecord> predicate, boolean negate) {
            this.transformation = transformation; this.predicate = predicate; this.negate = negate;
        }
        public SinkRecord apply(SinkRecord record) {
            return predicate.test(record) != negate ? transformation.apply(record) : record;
        }
        public void configure(Map<String, ?> settings) {}
        public ConfigDef config() { return new ConfigDef(); }
        public void close() {}
    }

    @SuppressWarnings("unchecked")
    static Predicate<SinkRecord> configuredPredicate(JsonNode item, ObjectMapper mapper) throws Exception {
        Class<?> type = Class.forName(item.get("class").asText(), true, SmtHarness.class.getClassLoader());
        if (!Predicate.class.isAssignableFrom(type))
            throw new IllegalArgumentException(type.getName() + " is not a Kafka Connect Predicate");
        Predicate<SinkRecord> predicate = (Predicate<SinkRecord>) type.getDeclaredConstructor().newInstance();
        predicate.configure(mapper.convertValue(item.get("settings"), Map.class));
        return predicate;
    }

    /** One round: every cell once; wall seconds per record by cell. With ``allocated``, the bytes each pass
     *  allocated; with ``cpu``, the CPU seconds per record this thread spent in it (not the GC's or JIT's threads). */
    static Map<String, Double> runRound(List<Cell> cells, Map<String, Long> allocated, Map<String, Double> cpu) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        Map<String, Double> round = new LinkedHashMap<>();
        for (Cell cell : cells) {
            long bytes = allocated == null ? 0 : threads.getThreadAllocatedBytes(thread);
            long c0 = cpu == null ? 0 : threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            sink += cell.pass.run();
            long t1 = System.nanoTime();
            if (cpu != null) cpu.put(cell.name, (threads.getCurrentThreadCpuTime() - c0) / 1e9 / cell.records);
            if (allocated != null) allocated.merge(cell.name, threads.getThreadAllocatedBytes(thread) - bytes, Long::sum);
            round.put(cell.name, (t1 - t0) / 1e9 / cell.records);
        }
        return round;
    }

    static boolean tolerant;

    static SinkRecord chain(List<Transformation<SinkRecord>> stages, SinkRecord record) {
        for (Transformation<SinkRecord> stage : stages) {
            try {
                record = stage.apply(record);
            } catch (RuntimeException e) {
                if (tolerant) return null;  // errors.tolerance=all: Connect skips the record
                throw e;
            }
            if (record == null) return null;
        }
        return record;
    }

    @SuppressWarnings("unchecked")
    static Transformation<SinkRecord> configured(JsonNode stage, ObjectMapper mapper) throws Exception {
        String className = stage.get("class").asText();
        Class<?> type = Class.forName(className, true, SmtHarness.class.getClassLoader());
        if (!Transformation.class.isAssignableFrom(type))
            throw new IllegalArgumentException(className + " is not a Kafka Connect Transformation");
        Transformation<SinkRecord> transformation = (Transformation<SinkRecord>) type.getDeclaredConstructor().newInstance();
        Map<String, Object> settings = mapper.convertValue(stage.get("settings"), Map.class);
        transformation.configure(settings);
        return transformation;
    }
}

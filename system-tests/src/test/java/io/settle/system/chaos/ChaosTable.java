package io.settle.system.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The chaos run's result: one row per check (what it counted, the gaps it found), and timings. */
public final class ChaosTable {

  /** A check: how many things it looked at, and each gap it found (empty: it holds). */
  public record Row(String check, long count, List<String> gaps) {}

  private final List<Row> rows = new ArrayList<>();
  private final Map<String, String> timings = new LinkedHashMap<>();

  void add(String check, long count, List<String> gaps) {
    rows.add(new Row(check, count, List.copyOf(gaps)));
  }

  void timing(String what, String value) {
    timings.put(what, value);
  }

  public List<Row> rows() {
    return List.copyOf(rows);
  }

  public Map<String, String> timings() {
    return Map.copyOf(timings);
  }

  public long gaps() {
    return rows.stream().mapToLong(r -> r.gaps().size()).sum();
  }

  /** The table as text, each gap under its check (the first ten of each). */
  public String render() {
    StringBuilder out = new StringBuilder();
    int width = rows.stream().mapToInt(r -> r.check().length()).max().orElse(10);
    out.append(("%-" + width + "s | %7s | %5s%n").formatted("check", "count", "gaps"));
    out.append("-".repeat(width)).append("-|---------|------\n");
    for (Row row : rows) {
      out.append(
          ("%-" + width + "s | %7d | %5d%n")
              .formatted(row.check(), row.count(), row.gaps().size()));
      row.gaps().stream()
          .limit(10)
          .forEach(gap -> out.append("    gap: ").append(gap).append('\n'));
      if (row.gaps().size() > 10) {
        out.append("    … and ").append(row.gaps().size() - 10).append(" more\n");
      }
    }
    out.append('\n');
    timings.forEach((what, value) -> out.append(what).append(": ").append(value).append('\n'));
    out.append(gaps() == 0 ? "no gaps\n" : gaps() + " gaps\n");
    return out.toString();
  }
}

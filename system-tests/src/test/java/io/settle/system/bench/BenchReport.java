package io.settle.system.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The one table of {@code bin/bench}: printed, and written to {@code bench/results.md} and {@code
 * bench/results.csv} with the machine it ran on; the webhook figure's latency over the run as
 * {@code bench/webhook-latency.png}.
 */
final class BenchReport {

  record Row(
      String figure,
      String what,
      String value,
      String baseline,
      String ratio,
      String goal,
      String note) {}

  private final Path out;
  private final Map<String, String> options;
  private final List<Row> rows = new ArrayList<>();

  BenchReport(Path repo, Map<String, String> options) {
    this.out = repo.resolve("bench");
    this.options = options;
  }

  synchronized void add(
      String figure,
      String what,
      String value,
      String baseline,
      String ratio,
      String goal,
      String note) {
    Row row = new Row(figure, what, value, baseline, ratio, goal, note);
    rows.add(row);
    MonthEndBench.say(
        "%s | %s | %s | baseline %s | ratio %s | goal %s | %s",
        figure, what, value, baseline, ratio, goal, note);
  }

  void write() throws IOException {
    Files.createDirectories(out);
    StringBuilder md = new StringBuilder();
    md.append("# bin/bench results\n\n");
    md.append(machine()).append("\n\n");
    md.append("| # | figure | value | baseline (same run) | ratio | goal | notes |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    StringBuilder csv = new StringBuilder("figure,what,value,baseline,ratio,goal,note\n");
    for (Row row : rows) {
      List<String> cells =
          List.of(
              row.figure(),
              row.what(),
              row.value(),
              row.baseline(),
              row.ratio(),
              row.goal(),
              row.note());
      md.append("| ")
          .append(String.join(" | ", cells.stream().map(BenchReport::cell).toList()))
          .append(" |\n");
      csv.append(String.join(",", cells.stream().map(BenchReport::quoted).toList())).append('\n');
    }
    Files.writeString(out.resolve("results.md"), md);
    Files.writeString(out.resolve("results.csv"), csv);
    System.out.println(md);
  }

  private String machine() {
    long memory = 0;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          memory = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024 / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    String os = System.getProperty("os.name") + " " + System.getProperty("os.version");
    try {
      for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
        if (line.startsWith("PRETTY_NAME=")) {
          os =
              line.substring("PRETTY_NAME=".length()).replace("\"", "")
                  + ", Linux "
                  + System.getProperty("os.version");
        }
      }
    } catch (IOException e) {
      // keep the JVM's name
    }
    return ("Ran %s on %d cores, %d GiB, %s; Java %s; git %s; options %s. Every process (MariaDB,"
            + " the Temporal dev server, the Stripe simulator, the API, the workers and the load"
            + " generator) shares this one machine, so each figure is read against its baseline"
            + " from the same run.")
        .formatted(
            OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
            Runtime.getRuntime().availableProcessors(),
            memory,
            os,
            Runtime.version(),
            System.getProperty("settle.bench.git", "?"),
            options.isEmpty() ? "defaults" : options);
  }

  /** Latency of each request against its scheduled send time, over the run: both doors. */
  void plot(
      MonthEndBench.Flood.Result baseline, MonthEndBench.Flood.Result inbox, int rate, int seconds)
      throws IOException {
    int width = 1000;
    int height = 500;
    int left = 70;
    int bottom = 50;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    double top =
        Math.max(1, Math.max(max(inbox.latencyNanos()), max(baseline.latencyNanos())) / 1e6);
    double logTop = Math.log10(top * 1.2);
    double logBottom = Math.log10(0.5);
    int plotW = width - left - 20;
    int plotH = height - bottom - 40;
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.drawString(
        "Webhook latency from scheduled send, %d events/s for %d s (log scale): inbox (red) vs bare INSERT (blue)"
            .formatted(rate, seconds),
        left,
        22);
    g.drawLine(left, 30, left, 30 + plotH);
    g.drawLine(left, 30 + plotH, left + plotW, 30 + plotH);
    for (double ms : new double[] {1, 10, 50, 100, 1000, 10000}) {
      if (ms > top * 1.2) {
        continue;
      }
      int y = 30 + plotH - (int) ((Math.log10(ms) - logBottom) / (logTop - logBottom) * plotH);
      g.setColor(new Color(220, 220, 220));
      g.drawLine(left + 1, y, left + plotW, y);
      g.setColor(Color.BLACK);
      g.drawString((ms >= 1000 ? (int) (ms / 1000) + " s" : (int) ms + " ms"), 10, y + 4);
    }
    for (int s = 0; s <= seconds; s += Math.max(1, seconds / 6)) {
      int x = left + (int) ((double) s / seconds * plotW);
      g.drawString(s + " s", x - 8, 30 + plotH + 20);
    }
    dots(g, baseline, new Color(30, 90, 200, 90), left, plotW, plotH, seconds, logBottom, logTop);
    dots(g, inbox, new Color(210, 40, 40, 90), left, plotW, plotH, seconds, logBottom, logTop);
    g.setStroke(new BasicStroke(1));
    g.dispose();
    Files.createDirectories(out);
    ImageIO.write(image, "png", out.resolve("webhook-latency.png").toFile());
  }

  private static void dots(
      Graphics2D g,
      MonthEndBench.Flood.Result result,
      Color color,
      int left,
      int plotW,
      int plotH,
      int seconds,
      double logBottom,
      double logTop) {
    g.setColor(color);
    long[] offsets = result.scheduledOffsetNanos();
    long[] latency = result.latencyNanos();
    for (int i = 0; i < latency.length; i++) {
      if (latency[i] < 0) {
        continue;
      }
      double ms = Math.max(0.5, latency[i] / 1e6);
      int x = left + (int) (offsets[i] / 1e9 / seconds * plotW);
      int y = 30 + plotH - (int) ((Math.log10(ms) - logBottom) / (logTop - logBottom) * plotH);
      g.fillRect(x, y, 2, 2);
    }
  }

  private static long max(long[] values) {
    return Arrays.stream(values).max().orElse(1);
  }

  private static String cell(String text) {
    return text.replace("|", "/").replace("\n", " ");
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\"", "\"\"") + "\"";
  }
}

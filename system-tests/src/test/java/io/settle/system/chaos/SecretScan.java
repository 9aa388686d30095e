package io.settle.system.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What must never show in a log or an API answer: Stripe secret keys and webhook signing secrets
 * (by their prefixes, whoever's they are), and the full Settle keys this run knows (the bootstrap
 * token, the merchant's admin key). What it reports names the kind, never the secret.
 */
final class SecretScan {

  // A prefix with enough after it to be a key; "sk_test_" alone in a sentence is not a leak.
  private static final Pattern STRIPE_SECRET =
      Pattern.compile("(sk_test_|sk_live_|rk_test_|rk_live_|whsec_)[A-Za-z0-9]{8,}");

  private final Map<String, String> known = new ConcurrentHashMap<>();
  private volatile String adminKey;

  SecretScan(String bootstrapToken) {
    known.put(bootstrapToken, "the bootstrap token");
  }

  void adminKey(String key) {
    adminKey = key;
  }

  /** Each secret in {@code text}, as a description. */
  List<String> find(CharSequence text, boolean mayShowAdminKey) {
    List<String> found = new ArrayList<>();
    Matcher matcher = STRIPE_SECRET.matcher(text);
    while (matcher.find()) {
      found.add("a " + matcher.group(1) + "… secret");
    }
    String haystack = text.toString();
    known.forEach(
        (secret, name) -> {
          if (haystack.contains(secret)) {
            found.add(name);
          }
        });
    String admin = adminKey;
    if (admin != null && !mayShowAdminKey && haystack.contains(admin)) {
      found.add("the merchant's admin key");
    }
    return found;
  }

  /** Each secret in a log file, as {@code file:line: description}. */
  List<String> findIn(Path log) throws IOException {
    List<String> found = new ArrayList<>();
    try (BufferedReader lines = Files.newBufferedReader(log, StandardCharsets.ISO_8859_1)) {
      String line;
      int number = 0;
      while ((line = lines.readLine()) != null) {
        number++;
        for (String secret : find(line, false)) {
          found.add(log.getFileName() + ":" + number + ": " + secret);
        }
      }
    }
    return found;
  }
}

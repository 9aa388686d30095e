package io.settle.persistence.merchant;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Encrypts merchant credentials at rest with AES-256-GCM under the configured master key. The
 * stored form is {@code v1:<base64(iv || ciphertext+tag)>}, so a later key rotation can tell
 * versions apart.
 */
@Component
public class CredentialCipher {

  private static final String VERSION = "v1:";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKey key;
  private final SecureRandom random = new SecureRandom();

  public CredentialCipher(CryptoProperties properties) {
    if (properties.masterKey() == null || properties.masterKey().isBlank()) {
      throw new IllegalStateException(
          "settle.crypto.master-key is not set: give it base64 of 32 random bytes"
              + " (openssl rand -base64 32)");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(properties.masterKey().trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("settle.crypto.master-key is not valid base64", e);
    }
    if (raw.length != 32) {
      throw new IllegalStateException(
          "settle.crypto.master-key must decode to 32 bytes, not " + raw.length);
    }
    this.key = new SecretKeySpec(raw, "AES");
  }

  public String encrypt(String plaintext) {
    try {
      byte[] iv = new byte[IV_BYTES];
      random.nextBytes(iv);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[iv.length + sealed.length];
      System.arraycopy(iv, 0, out, 0, iv.length);
      System.arraycopy(sealed, 0, out, iv.length, sealed.length);
      return VERSION + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not encrypt a credential", e);
    }
  }

  public String decrypt(String stored) {
    if (stored == null || !stored.startsWith(VERSION)) {
      throw new IllegalStateException("unknown credential format");
    }
    try {
      byte[] in = Base64.getDecoder().decode(stored.substring(VERSION.length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
      byte[] plain = cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      // Wrong master key or tampered data; never include the data itself in the message.
      throw new IllegalStateException("could not decrypt a credential: wrong master key?", e);
    }
  }
}

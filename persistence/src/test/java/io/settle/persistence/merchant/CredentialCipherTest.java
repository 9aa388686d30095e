package io.settle.persistence.merchant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {

  private static String randomKey() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Test
  void encryptsSoTheSecretIsNotInTheStoredFormAndDecryptsBack() {
    CredentialCipher cipher = new CredentialCipher(new CryptoProperties(randomKey()));

    String stored = cipher.encrypt("sk_test_secret_value_1234");

    assertThat(stored).startsWith("v1:").doesNotContain("secret_value");
    assertThat(cipher.encrypt("sk_test_secret_value_1234")).isNotEqualTo(stored);
    assertThat(cipher.decrypt(stored)).isEqualTo("sk_test_secret_value_1234");
  }

  @Test
  void anotherMasterKeyCannotDecrypt() {
    String stored = new CredentialCipher(new CryptoProperties(randomKey())).encrypt("sk_test_x");

    assertThatThrownBy(
            () -> new CredentialCipher(new CryptoProperties(randomKey())).decrypt(stored))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageNotContaining("sk_test_x");
  }

  @Test
  void refusesToStartWithoutAUsableMasterKey() {
    assertThatThrownBy(() -> new CredentialCipher(new CryptoProperties(null)))
        .hasMessageContaining("settle.crypto.master-key");
    assertThatThrownBy(() -> new CredentialCipher(new CryptoProperties("c2hvcnQ=")))
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> new CredentialCipher(new CryptoProperties("not base64!")))
        .hasMessageContaining("base64");
  }
}

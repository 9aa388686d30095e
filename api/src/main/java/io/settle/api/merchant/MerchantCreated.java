package io.settle.api.merchant;

/** The answer to creating a merchant: the admin API key is shown here once and never again. */
public record MerchantCreated(MerchantResponse merchant, String adminApiKey) {

  @Override
  public String toString() {
    return "MerchantCreated[merchant=" + merchant + ", adminApiKey=****]";
  }
}

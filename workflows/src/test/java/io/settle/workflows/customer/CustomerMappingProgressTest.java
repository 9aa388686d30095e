package io.settle.workflows.customer;

import static org.assertj.core.api.Assertions.assertThat;

import io.settle.workflows.customer.CustomerMappingView.Missing;
import org.junit.jupiter.api.Test;

class CustomerMappingProgressTest {

  @Test
  void countsEverythingButListsOnlyTheFirstOfEachKind() {
    CustomerMappingProgress progress = CustomerMappingProgress.none();
    long id = 0;
    for (int page = 0; page < 6; page++) {
      MappingPage found = MappingPage.after(id);
      for (int i = 0; i < 100; i++) {
        id++;
        found = found.with(new Missing(id, "Customer " + id));
      }
      progress = progress.plus(found.ended(true));
    }

    assertThat(progress.missingCount()).isEqualTo(600);
    assertThat(progress.lookedAt()).isEqualTo(600);
    assertThat(progress.missing()).hasSize(CustomerMappingProgress.LISTED);
    assertThat(progress.missing().getFirst().customerId()).isEqualTo(1);
    assertThat(progress.afterCustomerId()).isEqualTo(600);
  }

  @Test
  void anEmptyPageKeepsWhereTheRunStood() {
    CustomerMappingProgress progress =
        CustomerMappingProgress.none()
            .plus(MappingPage.after(0).with(new Missing(4, "A")).ended(true))
            .plus(MappingPage.after(4).ended(false));

    assertThat(progress.afterCustomerId()).isEqualTo(4);
    assertThat(progress.lookedAt()).isEqualTo(1);
  }
}

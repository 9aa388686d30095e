package io.settle.stripe.simulator.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvenSpreadTest {

  private static int picks(EvenSpread spread, int chances) {
    int picked = 0;
    for (int i = 0; i < chances; i++) {
      if (spread.pick()) {
        picked++;
      }
    }
    return picked;
  }

  @Test
  void picksExactlyTheShareOfAThousandChances() {
    assertThat(picks(new EvenSpread(0.1), 1_000)).isEqualTo(100);
    assertThat(picks(new EvenSpread(0.03), 1_000)).isEqualTo(30);
    assertThat(picks(new EvenSpread(0.25), 1_000)).isEqualTo(250);
    assertThat(picks(new EvenSpread(1.0 / 3), 1_000)).isEqualTo(333);
    assertThat(picks(new EvenSpread(0.7), 1_000)).isEqualTo(700);
    assertThat(picks(new EvenSpread(1), 1_000)).isEqualTo(1_000);
    assertThat(picks(new EvenSpread(0), 1_000)).isZero();
  }

  @Test
  void picksEveryNthChanceStartingWithTheNth() {
    EvenSpread spread = new EvenSpread(0.25);
    List<Integer> picked = new ArrayList<>();
    for (int chance = 1; chance <= 12; chance++) {
      if (spread.pick()) {
        picked.add(chance);
      }
    }

    assertThat(picked).containsExactly(4, 8, 12);
  }

  @Test
  void aPickDueOnATakenChanceWaitsForTheNextFreeOneButDoesNotPileUp() {
    EvenSpread spread = new EvenSpread(0.5);

    assertThat(spread.pick(true)).isFalse();
    assertThat(spread.pick(false)).isFalse();
    assertThat(spread.pick(false)).isFalse();
    assertThat(spread.pick(false)).isFalse();
    assertThat(spread.pick(true)).isTrue();
    assertThat(spread.pick(true)).isTrue();
    assertThat(spread.pick(true)).isFalse();
    assertThat(spread.pick(true)).isTrue();
  }

  @Test
  void aFractionOutsideZeroToOneIsRefused() {
    assertThatThrownBy(() -> new EvenSpread(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EvenSpread(-0.1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EvenSpread(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

const RADIUS = 20;
const CIRCUMFERENCE = 2 * Math.PI * RADIUS;

/** A ring that empties as the cooldown runs out; full and green when ready. */
@Component({
  selector: 'pw-cooldown-ring',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'cooldown-ring', '[class.cooldown-ring--ready]': 'remainingMs() <= 0' },
  template: `
    <svg viewBox="0 0 48 48" aria-hidden="true">
      <circle class="cooldown-ring__track" cx="24" cy="24" [attr.r]="radius" />
      <circle
        class="cooldown-ring__bar"
        cx="24"
        cy="24"
        [attr.r]="radius"
        [attr.stroke-dasharray]="circumference"
        [attr.stroke-dashoffset]="offset()"
      />
    </svg>
    <span class="cooldown-ring__label">{{ label() }}</span>
  `,
})
export class CooldownRing {
  readonly remainingMs = input.required<number>();
  readonly totalMs = input.required<number>();
  protected readonly radius = RADIUS;
  protected readonly circumference = CIRCUMFERENCE;
  protected readonly offset = computed(() => {
    const total = Math.max(1, this.totalMs());
    const left = Math.min(1, Math.max(0, this.remainingMs() / total));
    return CIRCUMFERENCE * left;
  });
  protected readonly label = computed(() => {
    const ms = this.remainingMs();
    return ms <= 0 ? '✓' : String(Math.ceil(ms / 1000));
  });
}

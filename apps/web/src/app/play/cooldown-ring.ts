import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { I18n } from '../i18n/i18n';

const RADIUS = 20;
const CIRCUMFERENCE = 2 * Math.PI * RADIUS;

/**
 * A ring that empties as the wait for the next charge runs out; green while a placement
 * is possible. With charges (docs/protocol.md 9) a badge tells how many are left.
 */
@Component({
  selector: 'pw-cooldown-ring',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'cooldown-ring', '[class.cooldown-ring--ready]': 'ready()' },
  template: `
    <svg viewBox="0 0 48 48" aria-hidden="true">
      <circle class="cooldown-ring__track" cx="24" cy="24" [attr.r]="radius" />
      <circle class="cooldown-ring__bar" cx="24" cy="24" [attr.r]="radius" [attr.stroke-dasharray]="circumference" [attr.stroke-dashoffset]="offset()" />
    </svg>
    <span class="cooldown-ring__label" aria-hidden="true">{{ label() }}</span>
    @if (charges() !== null) {
      <span
        class="cooldown-ring__badge"
        [class.cooldown-ring__badge--empty]="charges() === 0"
        data-testid="charges"
        [attr.aria-label]="t('status.charges', { count: charges()! })"
        >{{ charges() }}</span
      >
    }
  `,
})
export class CooldownRing {
  protected readonly t = inject(I18n).t;
  /** Milliseconds until the next charge (or the end of the classic cooldown). */
  readonly remainingMs = input.required<number>();
  readonly totalMs = input.required<number>();
  /** Charges left; null for the classic cooldown (no badge). */
  readonly charges = input<number | null>(null);
  protected readonly radius = RADIUS;
  protected readonly circumference = CIRCUMFERENCE;
  protected readonly ready = computed(() => {
    const charges = this.charges();
    return charges === null ? this.remainingMs() <= 0 : charges > 0;
  });
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

import { ChangeDetectionStrategy, Component } from '@angular/core';

/**
 * The Pixel Wars mark: a 3×3 block of palette pixels on an ink tile, one pixel lifted as
 * if being placed. Same geometry as public/logo.svg and the PNG icons (scripts/make-icons.mjs).
 * The wordmark is the brand name, the same in every language (`translate="no"`).
 */
@Component({
  selector: 'pw-logo',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'logo' },
  template: `
    <svg class="logo__mark" viewBox="0 0 64 64" aria-hidden="true">
      <rect width="64" height="64" rx="14" fill="#161a33" />
      <rect x="12" y="12" width="12" height="12" rx="2" fill="#ff4500" />
      <rect x="26" y="12" width="12" height="12" rx="2" fill="#ffa800" />
      <rect x="40" y="12" width="12" height="12" rx="2" fill="#ffd635" />
      <rect x="12" y="26" width="12" height="12" rx="2" fill="#be0039" />
      <rect x="40" y="26" width="12" height="12" rx="2" fill="#00cc78" />
      <rect x="12" y="40" width="12" height="12" rx="2" fill="#6a5cff" />
      <rect x="26" y="40" width="12" height="12" rx="2" fill="#3690ea" />
      <rect x="40" y="40" width="12" height="12" rx="2" fill="#51e9f4" />
      <rect x="26" y="23" width="12" height="12" rx="2" fill="#ffffff" />
      <rect x="27" y="37" width="10" height="2" rx="1" fill="#000000" opacity="0.4" />
    </svg>
    <span class="logo__word" translate="no">Pixel<span class="logo__accent">Wars</span></span>
  `,
})
export class Logo {}

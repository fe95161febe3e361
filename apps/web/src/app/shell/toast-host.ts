import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { I18n } from '../i18n/i18n';
import { ToastStore } from './toast.store';

@Component({
  selector: 'pw-toast-host',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ol class="toasts" aria-live="polite" aria-relevant="additions">
      @for (toast of store.toasts(); track toast.id) {
        <li class="toast" [class]="'toast--' + toast.tone" animate.enter="toast--in" animate.leave="toast--out">
          <span class="toast__text" [attr.role]="toast.tone === 'error' ? 'alert' : null">{{ toast.message }}</span>
          @if (toast.action; as action) {
            <button type="button" class="button button--small toast__action" data-action="toast-action" (click)="store.act(toast)">{{ action.label }}</button>
          }
          <button type="button" class="toast__close" (click)="store.dismiss(toast.id)" [attr.aria-label]="t('toast.dismiss')">×</button>
        </li>
      }
    </ol>
  `,
})
export class ToastHost {
  protected readonly store = inject(ToastStore);
  protected readonly t = inject(I18n).t;
}

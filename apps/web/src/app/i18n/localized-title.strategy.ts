import { Injectable, effect, inject, signal } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterStateSnapshot, TitleStrategy } from '@angular/router';
import { MessageKey } from './catalogue';
import { I18n } from './i18n';

/** Route `title`s are catalogue keys; the document title follows the language. */
@Injectable()
export class LocalizedTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);
  private readonly i18n = inject(I18n);
  private readonly key = signal<MessageKey>('title.play');

  constructor() {
    super();
    effect(() => this.title.setTitle(this.i18n.t(this.key())));
  }

  override updateTitle(snapshot: RouterStateSnapshot): void {
    const key = this.buildTitle(snapshot);
    if (key !== undefined) this.key.set(key as MessageKey);
  }
}

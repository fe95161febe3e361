import { DOCUMENT, Injectable, computed, effect, inject, signal } from '@angular/core';
import { DEFAULT_LOCALE, type Locale } from '@pixel-wars/protocol';
import { Catalogue, FALLBACK_CATALOGUE, MessageKey, loadCatalogue } from './catalogue';
import { MessageParams, formatMessage, formattersFor } from './message-format';

const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** A message split around one placeholder, so a template can set the value apart (bold). */
export interface MessageParts {
  before: string;
  value: string;
  after: string;
}

/**
 * The interface language: the texts of the current catalogue and Intl formatting in the
 * player's locale. Everything reads signals, so templates and computeds follow a switch.
 */
@Injectable({ providedIn: 'root' })
export class I18n {
  private readonly doc = inject(DOCUMENT);
  private readonly state = signal<{ locale: Locale; catalogue: Catalogue }>({ locale: DEFAULT_LOCALE, catalogue: FALLBACK_CATALOGUE });
  private loading: Promise<void> = Promise.resolve();

  readonly locale = computed(() => this.state().locale);
  /**
   * The tag Intl formats with: the browser's own tag when it is in the chosen language
   * (en-GB dates for en-GB), else the language alone.
   */
  readonly formatTag = computed(() => {
    const locale = this.locale();
    const languages = this.doc.defaultView?.navigator.languages ?? [];
    return languages.find((tag) => tag.toLowerCase().split('-')[0] === locale) ?? locale;
  });
  private readonly formatters = computed(() => formattersFor(this.formatTag()));
  private readonly relativeFormat = computed(() => new Intl.RelativeTimeFormat(this.formatTag(), { numeric: 'auto' }));

  constructor() {
    effect(() => {
      const locale = this.locale();
      this.doc.documentElement.lang = locale;
      this.doc.querySelector('meta[name="description"]')?.setAttribute('content', this.t('app.description'));
      this.doc.querySelector('link[rel="manifest"]')?.setAttribute('href', manifestFor(locale));
    });
  }

  /** The text of `key` in the current language. */
  readonly t = (key: MessageKey, params?: MessageParams): string => {
    const { catalogue } = this.state();
    return formatMessage(catalogue[key] ?? FALLBACK_CATALOGUE[key], params, this.formatters());
  };

  /** `key` split around the placeholder `name` (whose value is `params[name]`). */
  readonly parts = (key: MessageKey, name: string, params: MessageParams): MessageParts => {
    const marker = '\u0000';
    const text = this.t(key, { ...params, [name]: marker });
    const at = text.indexOf(marker);
    const raw = params[name];
    const value = typeof raw === 'number' ? this.number(raw) : String(raw ?? '');
    return at < 0 ? { before: text, value: '', after: '' } : { before: text.slice(0, at), value, after: text.slice(at + marker.length) };
  };

  number(value: number, options?: Intl.NumberFormatOptions): string {
    return options ? new Intl.NumberFormat(this.formatTag(), options).format(value) : this.formatters().number.format(value);
  }

  /** Date and time of an epoch-ms instant ("5 Dec 2026, 22:10"). */
  dateTime(epochMs: number, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }): string {
    return new Intl.DateTimeFormat(this.formatTag(), options).format(epochMs);
  }

  /** "3 minutes ago", "yesterday", "через 2 часа"… */
  relativeTime(then: number, now = Date.now()): string {
    const diff = then - now;
    const [unit, ms] = RELATIVE_UNITS.find(([, size]) => Math.abs(diff) >= size) ?? RELATIVE_UNITS[RELATIVE_UNITS.length - 1];
    return this.relativeFormat().format(Math.round(diff / ms), unit);
  }

  /** Switches the language once its catalogue is loaded (calls resolve in order). */
  use(locale: Locale): Promise<void> {
    const next = this.loading.then(() => loadCatalogue(locale)).then((catalogue) => this.state.set({ locale, catalogue }));
    // A failed load keeps the current language and does not block later switches.
    this.loading = next.catch(() => undefined);
    return next;
  }
}

/** The web app manifest in one language (generated from the catalogues, see docs/i18n.md). */
export function manifestFor(locale: Locale): string {
  return locale === DEFAULT_LOCALE ? 'manifest.webmanifest' : `manifest.${locale}.webmanifest`;
}

import { DOCUMENT, Injectable, inject } from '@angular/core';

/** The small part of Google Identity Services used here. */
export interface GoogleAccountsId {
  initialize(options: {
    client_id: string;
    callback: (response: { credential: string }) => void;
    ux_mode?: 'popup' | 'redirect';
    auto_select?: boolean;
    itp_support?: boolean;
  }): void;
  renderButton(parent: HTMLElement, options: Record<string, string | number>): void;
  disableAutoSelect(): void;
}

const SCRIPT_URL = 'https://accounts.google.com/gsi/client';

/** Loads the Google Identity Services script on first use only. */
@Injectable({ providedIn: 'root' })
export class GoogleIdentity {
  private readonly doc = inject(DOCUMENT);
  private loading: Promise<GoogleAccountsId> | null = null;

  load(): Promise<GoogleAccountsId> {
    this.loading ??= new Promise<GoogleAccountsId>((resolve, reject) => {
      const script = this.doc.createElement('script');
      script.src = SCRIPT_URL;
      script.async = true;
      script.onload = () => {
        const api = (this.doc.defaultView as { google?: { accounts?: { id?: GoogleAccountsId } } } | null)?.google?.accounts?.id;
        if (api) resolve(api);
        else reject(new Error('Google Identity Services did not initialise'));
      };
      script.onerror = () => reject(new Error('Google Identity Services could not be loaded'));
      this.doc.head.appendChild(script);
    }).catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }
}

import { DOCUMENT, Injectable, inject, signal } from '@angular/core';

export interface KeptTemplate {
  id: string;
  name: string;
}

const STORAGE_KEY = 'pw.templates';
const MAX_KEPT = 20;

function isKept(value: unknown): value is KeptTemplate {
  const v = value as KeptTemplate;
  return typeof v === 'object' && v !== null && typeof v.id === 'string' && typeof v.name === 'string';
}

/** The templates this browser follows (localStorage), most recently opened first. */
@Injectable({ providedIn: 'root' })
export class KeptTemplates {
  private readonly storage = inject(DOCUMENT).defaultView?.localStorage ?? null;
  private readonly state = signal<readonly KeptTemplate[]>(this.read());
  readonly list = this.state.asReadonly();

  keep(entry: KeptTemplate): void {
    this.write([entry, ...this.state().filter((t) => t.id !== entry.id)].slice(0, MAX_KEPT));
  }

  forget(id: string): void {
    this.write(this.state().filter((t) => t.id !== id));
  }

  private read(): KeptTemplate[] {
    try {
      const parsed: unknown = JSON.parse(this.storage?.getItem(STORAGE_KEY) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter(isKept).slice(0, MAX_KEPT) : [];
    } catch {
      return [];
    }
  }

  private write(list: KeptTemplate[]): void {
    this.state.set(list);
    try {
      this.storage?.setItem(STORAGE_KEY, JSON.stringify(list));
    } catch {
      // Private mode or a full quota: the list lives for this visit only.
    }
  }
}

import { Injectable, signal } from '@angular/core';

export type ToastTone = 'info' | 'success' | 'warning' | 'error';

/** A button on a toast (e.g. Undo); pressing it runs `run` and closes the toast. */
export interface ToastAction {
  label: string;
  run: () => void;
}

export interface Toast {
  id: number;
  tone: ToastTone;
  message: string;
  action?: ToastAction;
}

export interface ToastOptions {
  action?: ToastAction;
  /** Overrides the tone's lifetime (an action that expires with its window). */
  lifetimeMs?: number;
}

const LIFETIME_MS: Record<ToastTone, number> = { info: 4000, success: 3000, warning: 5000, error: 6000 };
const MAX_TOASTS = 3;

/** Short, friendly messages shown above the canvas; identical messages are merged. */
@Injectable({ providedIn: 'root' })
export class ToastStore {
  private nextId = 1;
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();
  private readonly list = signal<readonly Toast[]>([]);
  readonly toasts = this.list.asReadonly();

  show(message: string, tone: ToastTone = 'info', options: ToastOptions = {}): number {
    const existing = this.list().find((t) => t.message === message);
    if (existing) this.dismiss(existing.id);
    const toast: Toast = { id: this.nextId++, tone, message, ...(options.action ? { action: options.action } : {}) };
    const kept = this.list().slice(-(MAX_TOASTS - 1));
    for (const dropped of this.list().filter((t) => !kept.includes(t))) this.clearTimer(dropped.id);
    this.list.set([...kept, toast]);
    this.timers.set(
      toast.id,
      setTimeout(() => this.dismiss(toast.id), options.lifetimeMs ?? LIFETIME_MS[tone]),
    );
    return toast.id;
  }

  /** Runs a toast's action once and closes it. */
  act(toast: Toast): void {
    this.dismiss(toast.id);
    toast.action?.run();
  }

  dismiss(id: number): void {
    this.clearTimer(id);
    this.list.update((toasts) => toasts.filter((t) => t.id !== id));
  }

  private clearTimer(id: number): void {
    const timer = this.timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(id);
  }
}

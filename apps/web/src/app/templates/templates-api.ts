import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { base64ToBytes, bytesToBase64 } from '@pixel-wars/protocol';
import { firstValueFrom } from 'rxjs';
import { PixelTemplate, TemplateProgress, WrongPixel } from './template-model';

interface TemplateBody extends Omit<PixelTemplate, 'pixels'> {
  pixels: string;
}

export interface NewTemplate {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  pixels: Uint8Array;
}

export interface TemplateSummary {
  id: string;
  name: string;
  progress?: TemplateProgress;
}

/** PROTOCOL §9 templates: `/api/templates…`. */
@Injectable({ providedIn: 'root' })
export class TemplatesApi {
  private readonly http = inject(HttpClient);

  async get(id: string): Promise<PixelTemplate> {
    const body = await firstValueFrom(this.http.get<TemplateBody>(`/api/templates/${encodeURIComponent(id)}`));
    const pixels = base64ToBytes(body.pixels);
    if (pixels.length !== body.width * body.height) throw new Error('template size mismatch');
    return { ...body, pixels };
  }

  /** The grief list: mismatching pixels, most recently overwritten first. */
  wrong(id: string, limit = 50): Promise<WrongPixel[]> {
    return firstValueFrom(this.http.get<WrongPixel[]>(`/api/templates/${encodeURIComponent(id)}/wrong`, { params: { limit } }));
  }

  create(template: NewTemplate): Promise<{ id: string; url: string }> {
    return firstValueFrom(this.http.post<{ id: string; url: string }>('/api/templates', { ...template, pixels: bytesToBase64(template.pixels) }));
  }

  remove(id: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`/api/templates/${encodeURIComponent(id)}`));
  }

  mine(): Promise<TemplateSummary[]> {
    return firstValueFrom(this.http.get<TemplateSummary[]>('/api/templates', { params: { owner: 'me' } }));
  }
}

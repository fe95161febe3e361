import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { PixelInfo } from '@pixel-wars/protocol';
import { firstValueFrom } from 'rxjs';

/** `GET /api/canvas/pixel?x=&y=`: who placed the pixel now visible, and when. */
@Injectable({ providedIn: 'root' })
export class PixelInfoClient {
  private readonly http = inject(HttpClient);

  get(x: number, y: number): Promise<PixelInfo> {
    return firstValueFrom(this.http.get<PixelInfo>('/api/canvas/pixel', { params: { x, y } }));
  }
}

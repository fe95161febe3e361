import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { ChangesAnswer, decodeChangesAnswer } from '@pixel-wars/protocol';
import { ChangesRequest } from '@pixel-wars/protocol';
import { firstValueFrom } from 'rxjs';

/** `GET /api/canvas/changes?since=V` (docs/protocol.md 3), decoded. */
@Injectable({ providedIn: 'root' })
export class ChangesClient {
  private readonly http = inject(HttpClient);

  async fetch(request: ChangesRequest): Promise<ChangesAnswer> {
    const url = request.since === null ? '/api/canvas/changes' : `/api/canvas/changes?since=${request.since}`;
    const body = await firstValueFrom(this.http.get(url, { responseType: 'arraybuffer' }));
    return decodeChangesAnswer(new Uint8Array(body));
  }
}

import { Controller, Get, Header } from '@nestjs/common';
import { ApiError } from '../common/api-error';
import { ConfigurationService } from '../config/configuration.service';

/** One Digital Asset Links statement: this site lets the Android app open it full-screen. */
export interface AssetLinkStatement {
  relation: string[];
  target: { namespace: 'android_app'; package_name: string; sha256_cert_fingerprints: string[] };
}

/**
 * `GET /.well-known/assetlinks.json` (outside the `/api` prefix): proves to Android that
 * the app ANDROID_PACKAGE, signed with ANDROID_CERT_SHA256, belongs to this origin, so a
 * Trusted Web Activity (Bubblewrap) shows the PWA without a browser bar. 404 when unset.
 */
@Controller('.well-known')
export class AssetLinksController {
  constructor(private readonly configuration: ConfigurationService) {}

  @Get('assetlinks.json')
  @Header('Cache-Control', 'public, max-age=3600')
  assetLinks(): AssetLinkStatement[] {
    const android = this.configuration.config.android;
    if (!android) throw new ApiError(404, 'NOT_FOUND', 'No Android app is configured for this site.');
    return [
      {
        relation: ['delegate_permission/common.handle_all_urls'],
        target: { namespace: 'android_app', package_name: android.packageName, sha256_cert_fingerprints: android.certSha256 },
      },
    ];
  }
}

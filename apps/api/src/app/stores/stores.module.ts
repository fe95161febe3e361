import { Module } from '@nestjs/common';
import { AssetLinksController } from './asset-links.controller';

/** What app stores check on the site itself: Android Digital Asset Links (Google Play TWA). */
@Module({ controllers: [AssetLinksController] })
export class StoresModule {}

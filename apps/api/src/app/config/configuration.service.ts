import { Injectable } from '@nestjs/common';
import { AppConfig, loadAppConfig } from './app-config';

/** Holds the validated configuration; tests construct it from an explicit environment. */
@Injectable()
export class ConfigurationService {
  readonly config: AppConfig;

  constructor(config?: AppConfig) {
    this.config = config ?? loadAppConfig();
  }
}

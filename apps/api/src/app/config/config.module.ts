import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig, loadAppConfig } from './app-config';
import { ConfigurationService } from './configuration.service';

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig = loadAppConfig()): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: ConfigurationService, useValue: new ConfigurationService(config) }],
      exports: [ConfigurationService],
    };
  }
}

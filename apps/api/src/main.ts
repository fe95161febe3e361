import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app/bootstrap';
import { StartupError } from './app/common/startup-error';
import { ConfigError, loadAppConfig } from './app/config/app-config';

async function main(): Promise<void> {
  let config;
  try {
    config = loadAppConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  let app;
  try {
    app = await createApp(config);
  } catch (error) {
    if (error instanceof StartupError) {
      console.error(`Start-up error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  await app.listen(config.port);
  const logger = new Logger('Main');
  if (config.auth.jwtSecretGenerated) logger.warn('JWT_SECRET not set: using a random key; access tokens issued before a restart stop working (refresh cookies still sign users back in)');
  logger.log(`Pixel Wars listening on http://localhost:${config.port}`);
}

void main();

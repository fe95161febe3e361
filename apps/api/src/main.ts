import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app/bootstrap';
import { StartupError } from './app/common/startup-error';
import { AppConfig, ConfigError, loadAppConfig } from './app/config/app-config';

/** Stops with one line for problems an operator fixes; anything else keeps its stack trace. */
function stopOn(error: unknown): never {
  if (error instanceof ConfigError) console.error(`Configuration error: ${error.message}`);
  else if (error instanceof StartupError) console.error(`Start-up error: ${error.message}`);
  else throw error;
  process.exit(1);
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadAppConfig();
  } catch (error) {
    stopOn(error);
  }
  let app;
  try {
    app = await createApp(config);
  } catch (error) {
    stopOn(error);
  }
  // every interface, IPv6 and IPv4 (Fastify alone would listen on localhost only)
  await app.listen(config.port, '::');
  const logger = new Logger('Main');
  if (config.auth.jwtSecretGenerated)
    logger.warn('JWT_SECRET not set: using a random key; access tokens issued before a restart stop working (refresh cookies still sign users back in)');
  logger.log(`Pixel Wars listening on http://localhost:${config.port}`);
}

void main();

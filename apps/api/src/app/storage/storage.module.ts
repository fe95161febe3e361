import { Global, Module } from '@nestjs/common';
import { SqliteDatabase } from './sqlite-database';

/** The embedded database. Feature repositories depend on SqliteDatabase through this module. */
@Global()
@Module({
  providers: [SqliteDatabase],
  exports: [SqliteDatabase],
})
export class StorageModule {}

import { Module } from '@nestjs/common';
import { AdmissionLoad } from './admission-load';

/** The admission queue's measured-load signal (the FIFO itself is used by presence's in-process implementation). */
@Module({
  providers: [AdmissionLoad],
  exports: [AdmissionLoad],
})
export class QueueModule {}

import { Module } from '@nestjs/common';
import { CompressController } from './compress.controller';
import { compressorsProvider } from './compressors.provider';

@Module({ controllers: [CompressController], providers: [compressorsProvider] })
export class WorkerModule {}

import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { diskStorage } from 'multer';
import { tmpdir } from 'node:os';
import { loadEnv } from '../../config/env';
import { ImportController } from './import.controller';
import { ImportService } from './import.service';
import { AutoqaModule } from '../autoqa/autoqa.module';
import { PushController } from './push.controller';
import { PushService } from './push.service';

/** Uploads stream to a temporary file (never buffered whole), up to CALLSCOPE_MAX_UPLOAD_BYTES. */
@Module({
  imports: [
    AutoqaModule,
    MulterModule.registerAsync({
      useFactory: () => ({
        storage: diskStorage({ destination: tmpdir(), filename: (_req, _file, cb) => cb(null, `callscope-upload-${Date.now()}-${Math.random().toString(36).slice(2)}`) }),
        limits: { fileSize: loadEnv().CALLSCOPE_MAX_UPLOAD_BYTES, files: 1, fields: 10 },
      }),
    }),
  ],
  controllers: [ImportController, PushController],
  providers: [ImportService, PushService],
  exports: [ImportService, PushService],
})
export class IngestModule {}

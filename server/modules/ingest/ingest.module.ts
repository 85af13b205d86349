import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { diskStorage } from 'multer';
import { mkdirSync } from 'node:fs';
import { loadEnv } from '../../config/env';
import { ImportController } from './import.controller';
import { ImportService } from './import.service';
import { uploadFileName } from './upload-files';
import { AutoqaModule } from '../autoqa/autoqa.module';
import { PushController } from './push.controller';
import { PushService } from './push.service';

/** Uploads stream to a file in the upload folder (never buffered whole), up to CALLSCOPE_MAX_UPLOAD_BYTES. */
@Module({
  imports: [
    AutoqaModule,
    MulterModule.registerAsync({
      useFactory: () => {
        const env = loadEnv();
        mkdirSync(env.uploadDir, { recursive: true });
        return {
          storage: diskStorage({ destination: env.uploadDir, filename: (_req, _file, cb) => cb(null, uploadFileName()) }),
          limits: { fileSize: env.CALLSCOPE_MAX_UPLOAD_BYTES, files: 1, fields: 10 },
          // Browsers and curl send the file name's UTF-8 bytes; busboy would read them as Latin-1.
          defParamCharset: 'utf8',
        };
      },
    }),
  ],
  controllers: [ImportController, PushController],
  providers: [ImportService, PushService],
  exports: [ImportService, PushService],
})
export class IngestModule {}

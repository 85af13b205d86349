import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/** Global: every module records its actions here. */
@Global()
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}

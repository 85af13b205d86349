import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HttpErrorFilter } from './common/http-error.filter';
import { UndeclaredInputInterceptor } from './common/undeclared-input.interceptor';
import { dataSourceOptions, PoolTimeouts } from './config/data-source';
import { AuditModule } from './modules/audit/audit.module';
import { AutoqaModule } from './modules/autoqa/autoqa.module';
import { AuthModule } from './modules/auth/auth.module';
import { ComplaintsModule } from './modules/complaints/complaints.module';
import { ExportModule } from './modules/export/export.module';
import { HealthModule } from './modules/health/health.module';
import { IngestModule } from './modules/ingest/ingest.module';
import { KpiModule } from './modules/kpi/kpi.module';
import { OrgModule } from './modules/org/org.module';
import { ReviewModule } from './modules/review/review.module';
import { QaModule } from './modules/qa/qa.module';
import { MailModule } from './modules/mail/mail.module';
import { NotificationModule } from './modules/notification/notification.module';
import { ScheduleModule } from './modules/schedule/schedule.module';

export interface AppOptions {
  databaseUrl: string;
  /** DATABASE_READ_URL: a streaming replica for dashboard reads (docs/scaling.md). */
  databaseReadUrl?: string;
  logSql?: boolean;
  /** The HTTP server's pool limits (the CLI and benchmarks run without a statement timeout). */
  timeouts?: PoolTimeouts;
}

/** The whole server. Built with the database URL already known (embedded or DATABASE_URL). */
@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(options.databaseUrl, {}, { timeouts: options.timeouts, readUrl: options.databaseReadUrl }),
          autoLoadEntities: true,
          logging: options.logSql ? ['query', 'error'] : ['error'],
        }),
        AuditModule,
        AuthModule,
        OrgModule,
        HealthModule,
        IngestModule,
        KpiModule,
        ExportModule,
        ReviewModule,
        QaModule,
        AutoqaModule,
        ComplaintsModule,
        MailModule,
        NotificationModule,
        ScheduleModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: UndeclaredInputInterceptor },
      ],
    };
  }
}

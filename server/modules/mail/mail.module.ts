import { Global, Module } from '@nestjs/common';
import { MailerService } from './mailer.service';

/** Global: schedules and notifications send mail through the one transport. */
@Global()
@Module({ providers: [MailerService], exports: [MailerService] })
export class MailModule {}

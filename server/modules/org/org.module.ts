import { Global, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { OrgController } from './org.controller';
import { OrgService } from './org.service';
import { SettingsController } from './settings.controller';
import { SettingsService } from './settings.service';

/** Global: settings (time zone, targets) and the org structure are read by every module. */
@Global()
@Module({
  imports: [AuthModule],
  controllers: [OrgController, SettingsController],
  providers: [OrgService, SettingsService],
  exports: [OrgService, SettingsService],
})
export class OrgModule {}

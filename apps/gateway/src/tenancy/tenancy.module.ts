import { Global, Module } from '@nestjs/common';
import { AdminGuard } from './admin.guard';
import { TenancyService } from './tenancy.service';

@Global()
@Module({
  providers: [TenancyService, AdminGuard],
  exports: [TenancyService, AdminGuard],
})
export class TenancyModule {}

import { Module } from '@nestjs/common';
import { DashboardDataService } from './dashboard-data.service';
import { DashboardController } from './dashboard.controller';

/** The one-page dashboard; its data comes from the global usage module. */
@Module({
  controllers: [DashboardController],
  providers: [DashboardDataService],
})
export class DashboardModule {}

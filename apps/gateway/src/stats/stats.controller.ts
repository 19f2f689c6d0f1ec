import { Controller, Get, UseGuards } from '@nestjs/common';
import { AdminGuard } from '../tenancy/admin.guard';
import { StatsService } from './stats.service';

@Controller()
@UseGuards(AdminGuard)
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get('stats')
  snapshot(): Record<string, unknown> {
    return this.stats.snapshot();
  }
}

import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AdminGuard } from '../tenancy/admin.guard';
import { type DashboardData, DashboardDataService } from './dashboard-data.service';
import { dashboardPage } from './dashboard.page';

// The page may run its own inline script and talk to this origin, nothing else.
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; " +
  "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

const MAX_HOURS = 24 * 31;

/** `/dashboard` and its data. Admin-only like `/stats`: it shows every tenant's traffic. */
@Controller('dashboard')
@UseGuards(AdminGuard)
export class DashboardController {
  private readonly page = dashboardPage();

  constructor(private readonly data: DashboardDataService) {}

  @Get()
  async show(@Res() reply: FastifyReply): Promise<void> {
    await reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('cache-control', 'no-store')
      .send(this.page);
  }

  @Get('data')
  async dataOf(@Query('hours') hours?: string): Promise<DashboardData> {
    const parsed = Number(hours ?? 48);
    const window = Number.isFinite(parsed) && parsed > 0 ? Math.min(parsed, MAX_HOURS) : 48;

    return this.data.load(window);
  }
}

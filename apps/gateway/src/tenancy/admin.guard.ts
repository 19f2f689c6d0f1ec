import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { HeadroomError } from '@headroom/contracts';
import type { FastifyRequest } from 'fastify';
import { TenancyService } from './tenancy.service';

/** Stats and metrics reveal traffic shape: loopback only, or the admin key. */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(private readonly tenancy: TenancyService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();

    if (!this.tenancy.isAdmin(request)) {
      throw new HeadroomError(
        'permission_error',
        'admin endpoints answer on loopback or with the admin key',
      );
    }

    return true;
  }
}

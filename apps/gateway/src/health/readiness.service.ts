import { Injectable } from '@nestjs/common';

/** Ready from boot until shutdown starts; load balancers stop routing here while it drains. */
@Injectable()
export class ReadinessService {
  private draining = false;
  readonly startedAt = Date.now();

  get isReady(): boolean {
    return !this.draining;
  }

  markDraining(): void {
    this.draining = true;
  }
}

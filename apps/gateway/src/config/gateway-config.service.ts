import { Inject, Injectable } from '@nestjs/common';
import type { GatewayConfig } from './gateway-config.schema';

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

/** The one way code reads configuration: validated at boot, typed, read-only. */
@Injectable()
export class GatewayConfigService {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  get<K extends keyof GatewayConfig>(key: K): GatewayConfig[K] {
    return this.config[key];
  }
}

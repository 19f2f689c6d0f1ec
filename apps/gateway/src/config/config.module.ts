import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { GatewayConfig } from './gateway-config.schema';
import { GATEWAY_CONFIG, GatewayConfigService } from './gateway-config.service';

@Global()
@Module({})
export class ConfigModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: GATEWAY_CONFIG, useValue: config }, GatewayConfigService],
      exports: [GatewayConfigService],
    };
  }
}

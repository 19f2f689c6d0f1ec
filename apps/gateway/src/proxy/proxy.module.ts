import { Module } from '@nestjs/common';
import { PassthroughController } from './passthrough.controller';
import { ProviderController } from './provider.controller';
import { ProxyService } from './proxy.service';
import { ResponseHookRegistry } from './response-hook.registry';
import { ResponseRelay } from './response-relay.service';

@Module({
  controllers: [ProviderController, PassthroughController],
  providers: [ProxyService, ResponseRelay, ResponseHookRegistry],
  // The retrieval loop registers its response hook and reuses the relay.
  exports: [ResponseHookRegistry, ResponseRelay],
})
export class ProxyModule {}

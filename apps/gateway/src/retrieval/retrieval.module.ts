import { Module } from '@nestjs/common';
import { ProxyModule } from '../proxy/proxy.module';
import { RetrievalLoopHook } from './retrieval-loop.hook';

/** Registers the CCR retrieval loop on the provider routes' response path. */
@Module({
  imports: [ProxyModule],
  providers: [RetrievalLoopHook],
})
export class RetrievalModule {}

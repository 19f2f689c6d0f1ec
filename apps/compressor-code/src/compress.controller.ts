import { TRANSPORT_PATTERNS } from '@headroom/contracts';
import { compressController } from '@headroom/transport';
import { COMPRESSORS } from './compressors.provider';

/** The code family's one message: compress a block the gateway routed here. */
export const CompressController = compressController(TRANSPORT_PATTERNS.compressCode, COMPRESSORS);

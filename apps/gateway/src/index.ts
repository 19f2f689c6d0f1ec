// What the e2e suite drives in-process. Nothing else imports the app.
export { loadGatewayConfig, type GatewayConfig } from './config/gateway-config.schema';
export {
  createGatewayApp,
  startGateway,
  type GatewayOptions,
  type RunningGateway,
} from './gateway.bootstrap';
export { type ResponseHook, ResponseHookRegistry } from './proxy/response-hook.registry';
export { ReadinessService } from './health/readiness.service';

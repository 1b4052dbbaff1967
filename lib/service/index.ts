export { createServiceHandlers, type ServiceEnvironment } from './handlers';
